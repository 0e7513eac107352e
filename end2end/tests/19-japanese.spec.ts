import { test, expect, Browser, Page, TestInfo } from '@playwright/test';
import { ADMIN, AGENT, FAKE_LINE, jsOn, ready, sentTexts } from './helpers';

// The desk in Japanese, with JavaScript on and off: an administrator reading Japanese creates a
// messaging account with the wizard (against the fake LINE platform), a workstream, and sets up
// LINE on it; an agent reading Japanese accepts a customer's message and replies. Every step is
// screenshotted (the glyphs must render: fonts-noto-cjk).
test.describe.configure({ mode: 'serial' });

const DEMO = { channelId: '2000000019', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };
const ACCOUNT = 'サポート日本';
const WORKSTREAM = 'LINE 日本語窓口';
const QUEUE = '日本語キュー';

/** A browser whose language is Japanese (Accept-Language: ja-JP). */
async function japanesePage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL, javaScriptEnabled: jsOn(testInfo), locale: 'ja-JP',
  });
  return context.newPage();
}

function shooter(page: Page, testInfo: TestInfo) {
  return (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Signs in from the Japanese sign-in page, then saves Japanese as the person's language (a
 * person may have saved another one before: the saved choice beats the browser's). */
async function signInJapanese(page: Page, testInfo: TestInfo, who: { email: string; password: string }) {
  await page.goto('/login');
  await ready(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('サインイン');
  await page.getByLabel('メール アドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await ready(page, testInfo);
  await page.getByTestId('language').selectOption('ja');
  await page.locator('.topbar .language-menu button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('button', { name: 'サインアウト' })).toBeVisible();
  await ready(page, testInfo);
}

/** Back to English for whoever comes next (the saved choice stays on the person). */
async function backToEnglish(page: Page, testInfo: TestInfo) {
  await ready(page, testInfo);
  await page.getByTestId('language').selectOption('en');
  await page.locator('.topbar .language-menu button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

test('a Japanese administrator creates an account with the wizard', async ({ browser }, testInfo) => {
  const page = await japanesePage(browser, testInfo);
  const shot = shooter(page, testInfo);
  await signInJapanese(page, testInfo, ADMIN);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ようこそ、Ada Admin さん');
  await shot('ja-home');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'チャネル' }).click();
  await expect(page.getByRole('heading', { name: 'メッセージング アカウント' })).toBeVisible();
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'アカウントとチャネル' })).toBeVisible();
  await page.getByRole('link', { name: '新しいアカウント' }).first().click();
  await ready(page, testInfo);

  // チャネルの詳細: a missing name is worded in Japanese.
  await expect(page.getByRole('heading', { name: 'チャネルの詳細' })).toBeVisible();
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.locator('.field__error').first()).not.toBeEmpty();
  await expect(page.locator('.field__error').first()).not.toContainText('Enter');
  await shot('ja-wizard-1-channel');
  await ready(page, testInfo);
  await page.getByLabel(/^名前/).fill(ACCOUNT);
  await page.getByRole('button', { name: '次へ' }).click();

  // アカウントの詳細
  await expect(page.getByRole('heading', { name: 'アカウントの詳細' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(/^チャネルID/).fill(DEMO.channelId);
  await page.getByLabel(/^チャネルシークレット/).fill(DEMO.secret);
  await page.getByLabel(/^チャネルアクセストークン/).fill(DEMO.token);
  await shot('ja-wizard-2-account');
  await page.getByRole('button', { name: '次へ' }).click();

  // コールバック情報
  await expect(page.getByRole('heading', { name: 'コールバック情報' })).toBeVisible();
  await ready(page, testInfo);
  expect(await page.getByLabel('コールバック URL').inputValue()).toMatch(/\/line\/callback\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('bot-name')).toHaveText('linedesk demo');
  await page.getByLabel(/データがコンプライアンス境界の外で LINE と共有される/).check();
  await shot('ja-wizard-3-callback');
  await page.getByRole('button', { name: '完了', exact: true }).click();

  // 完了
  await expect(page.getByRole('heading', { name: 'アカウントを作成しました' })).toBeVisible();
  await shot('ja-wizard-4-done');
  await page.getByRole('link', { name: 'アカウントに戻る' }).click();
  const row = page.locator(`tr[data-account="${ACCOUNT}"]`);
  await expect(row).toContainText(DEMO.channelId);
  await expect(row).toContainText('検証済み');
  await shot('ja-accounts');
  await page.context().close();
});

test('the Japanese administrator creates a workstream and sets up LINE', async ({ browser }, testInfo) => {
  const page = await japanesePage(browser, testInfo);
  const shot = shooter(page, testInfo);
  await signInJapanese(page, testInfo, ADMIN);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'ワークストリーム' }).click();
  await expect(page.getByRole('heading', { name: 'ワークストリーム', exact: true })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('link', { name: '新しいワークストリーム' }).first().click();
  await expect(page.getByRole('heading', { name: '新しいワークストリーム' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: '名前', exact: true }).fill(WORKSTREAM);
  await page.getByLabel(/プッシュ —/).check();
  await page.getByLabel('フォールバック キュー').selectOption('new');
  await page.getByLabel('新しいキューの名前').fill(QUEUE);
  await shot('ja-new-workstream');
  await page.getByRole('button', { name: '作成', exact: true }).click();
  await expect(page.getByText('ワークストリームを作成しました。次は LINE の設定です。')).toBeVisible();
  await expect(page.getByRole('heading', { name: WORKSTREAM })).toBeVisible();
  await shot('ja-workstream-created');
  await ready(page, testInfo);

  // LINE の設定: account, language, behaviors, features, summary, finish.
  await page.getByRole('link', { name: 'LINE の設定', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'LINE の設定' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(new RegExp(ACCOUNT)).check();
  await shot('ja-setup-line-account');
  await page.getByRole('button', { name: '次へ' }).click();

  await expect(page.getByRole('heading', { name: '言語', exact: true })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('言語', { exact: true }).selectOption('ja');
  await shot('ja-setup-line-language');
  await page.getByRole('button', { name: '次へ' }).click();

  await expect(page.getByRole('heading', { name: '動作' })).toBeVisible();
  await ready(page, testInfo);
  await shot('ja-setup-line-behaviors');
  await page.getByRole('button', { name: '次へ' }).click();

  await expect(page.getByRole('heading', { name: 'ユーザー機能' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('button', { name: '次へ' }).click();

  await expect(page.getByRole('heading', { name: '概要' })).toBeVisible();
  await expect(page.getByTestId('line-summary')).toContainText(ACCOUNT);
  await expect(page.getByTestId('summary-language')).toContainText('日本語');
  await shot('ja-setup-line-summary');
  await ready(page, testInfo);
  await page.getByRole('button', { name: '完了して有効化' }).click();
  await expect(page.getByText('LINE の設定が完了しました。')).toBeVisible();
  await shot('ja-setup-line-finished');

  // The agent works in the new queue (キュー).
  await page.goto('/queues');
  await ready(page, testInfo);
  const card = page.locator(`article[data-queue="${QUEUE}"]`);
  await card.getByLabel('エージェントの追加').selectOption({ label: `${AGENT.name} (エージェント)` });
  await card.getByRole('button', { name: '追加', exact: true }).click();
  await expect(card.locator('.member-list')).toContainText(AGENT.name);
  await shot('ja-queues');
  await backToEnglish(page, testInfo);
  await page.context().close();
});

test('a Japanese agent accepts a customer message and replies', async ({ browser, request }, testInfo) => {
  test.setTimeout(90_000);
  const page = await japanesePage(browser, testInfo);
  const shot = shooter(page, testInfo);
  await signInJapanese(page, testInfo, AGENT);
  await page.getByTestId('presence').selectOption('available');
  await page.getByRole('button', { name: '設定', exact: true }).click();
  await page.waitForLoadState('networkidle');
  await page.goto('/conversations');
  await ready(page, testInfo);
  await expect(page.locator('#desk-list-title')).toHaveText('会話');

  // The callback URL of the account the wizard created, from its page.
  const callback = await (async () => {
    const admin = await japanesePage(browser, testInfo);
    await signInJapanese(admin, testInfo, ADMIN);
    await admin.goto('/channels/accounts');
    await admin.getByRole('link', { name: ACCOUNT }).click();
    await ready(admin, testInfo);
    await expect(admin.getByRole('heading', { name: 'コールバック情報' })).toBeVisible();
    const url = await admin.locator('#callback-url').inputValue();
    await backToEnglish(admin, testInfo);
    await admin.context().close();
    return url;
  })();

  const customer = `Uja${testInfo.project.name.replace('-', '')}0000000000000000000000000000`.slice(0, 33);
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text: '注文した商品がまだ届きません。', channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: customer },
  });
  expect((await sent.json()).status).toBe(200);

  const offered = page.locator('[data-section="Offered to you"]');
  await expect(async () => {
    await page.reload();
    await expect(offered).toContainText(ACCOUNT, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(offered).toHaveAttribute('aria-label', 'あなたへのオファー');
  await ready(page, testInfo);
  await shot('ja-agent-offer');
  await offered.getByRole('button', { name: '承諾' }).first().click();
  await expect(page.getByTestId('assignment')).toContainText('あなたに割り当て済み');
  await expect(page.locator('.bubble').first()).toBeVisible();
  await expect(page.getByText('注文した商品がまだ届きません。').first()).toBeVisible();
  await ready(page, testInfo);
  await shot('ja-agent-accepted');

  const since = (await (await request.get(`${FAKE_LINE}/__fake/requests`)).json()).length;
  const reply = 'ご不便をおかけしております。明日発送予定です。';
  await page.getByLabel('返信').fill(reply);
  await page.getByRole('button', { name: '送信', exact: true }).click();
  await expect(async () => {
    expect(await sentTexts(request, since)).toContain(reply);
  }).toPass({ timeout: 10_000 });
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByText(reply).first()).toBeVisible();
  await expect(page.getByRole('button', { name: '会話の終了' })).toBeVisible();
  await shot('ja-agent-replied');
  await backToEnglish(page, testInfo);
  await page.context().close();
});

test('a contact with a reading is found by its kana', async ({ browser }, testInfo) => {
  const page = await japanesePage(browser, testInfo);
  const shot = shooter(page, testInfo);
  await signInJapanese(page, testInfo, AGENT);
  const name = `山田 太郎 ${testInfo.project.name}`;
  await page.goto('/contacts');
  await ready(page, testInfo);
  const form = page.locator('section[aria-labelledby="new-contact-heading"]');
  await form.getByRole('textbox', { name: '名前', exact: true }).fill(name);
  // Typed in katakana, as Japanese forms often ask for it.
  await form.getByLabel('読み（ふりがな）').fill('ヤマダ タロウ');
  await shot('ja-contact-new');
  await form.getByRole('button', { name: '取引先担当者の作成' }).click();
  await expect(page.getByText('取引先担当者を作成しました。')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('contact-reading')).toHaveText('ヤマダ タロウ');
  await expect(page.getByLabel('読み（ふりがな）')).toHaveValue('ヤマダ タロウ');
  await shot('ja-contact');

  // Searching in hiragana finds it by its reading.
  await page.goto('/contacts');
  await ready(page, testInfo);
  await page.getByLabel('名前、読み、メール アドレス、電話番号で検索').fill('やまだ');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  const row = page.getByTestId('contacts').locator('tbody tr', { hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('contact-reading')).toHaveText('ヤマダ タロウ');
  await shot('ja-contacts-found-by-reading');
  await backToEnglish(page, testInfo);
  await page.context().close();
});
