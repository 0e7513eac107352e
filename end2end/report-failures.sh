#!/usr/bin/env bash
# After a failed browser run: what each failed test's page showed, then which test failed and why,
# last, because a CI log is often kept only by its tail. Reads Playwright's error-context.md files.
cd "$(dirname "$0")"
shopt -s nullglob
contexts=(test-results/*/error-context.md)
for f in "${contexts[@]}"; do
  echo "== page at failure: $(dirname "$f")"
  # The page's main region (the navigation above it is the same on every admin page).
  sed -n '/^# Page snapshot/,/^```$/p' "$f" | sed -n '/- main/,$p' | head -c 2000
  echo
done
for f in "${contexts[@]}"; do
  echo "== failed: $(sed -n 's/^- Name: //p' "$f") ($(sed -n 's/^- Location: //p' "$f"))"
  sed -n '/^# Error details/,/^# Page snapshot/p' "$f" | grep -v -e '^# ' -e '^```' -e '^$' | head -c 1200
  echo
  sed -n '/^# Test source/,$p' "$f" | grep '^>' | head -3
done
