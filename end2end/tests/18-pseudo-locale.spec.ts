import { test, expect, Page, TestInfo, APIRequestContext } from '@playwright/test';
import { ADMIN, AGENT, FAKE_LINE, addAgentToQueue, api, createAccountWithCli, pushWorkstreamOn, ready, signedIn, signOut } from './helpers';

// The pseudo-locale (en-XA, debug builds only; see app/build.rs): every catalogue string reads
// "[Šåṽé ~~]", letters accented, ~40 % longer, bracketed. Each role walks every page it can
// open in it, and the walk fails on
//  (a) visible text with a plain Latin letter (A-Z, a-z): no catalogue string has one, so it is
//      hard-coded English (or a code shown raw) — unless it is on the allow-list below;
//  (b) clipped text: an element that hides its overflow and whose content is wider than it.
// Each page is also kept as a full-page screenshot (the test's output folder). Not checked:
// <code>, <pre> and <kbd> (audit action codes, LINE event types and payloads, key caps: data
// shown as data), <textarea> contents (what people type or stored) and the messages of a
// conversation (.bubble__text: the customer's words and what was sent to them, in their
// language).

const PSEUDO = 'en-XA';
const DEMO = { channelId: '2000000018', secret: '18e0b7a3c9f48e2b6a4d0c8e1f7a9b35', token: 'demo-channel-access-token-linedesk-0001' };
const WIZARD_CHANNEL = '2000000118';
const ACCOUNT = 'Pseudo OA';
const WORKSTREAM = 'Pseudo stream';
const QUEUE = 'Pseudo queue';
const CONTACT = { name: 'Pia Contact', email: 'pia.contact@example.com', phone: '+81 90 1234 5678' };
const AUDITOR = { email: 'pseudo.auditor@example.com', password: 'auditor password 42', name: 'Pat Auditor' };
const MESSAGE = 'Hello from the pseudo walk';

/** Text that may keep its Latin letters in any language, taken away in this order. */
const ALLOWED: (string | RegExp)[] = [
  // Stored identifiers and settings: emails, URLs (and the "https://" a URL field suggests),
  // LINE user and bot ids, a secret's last four characters, blocked file extensions.
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g, /https?:\/\/\S*/g, /\bU\w{32}\b/g, /@[\w-]+/g, /••••\w+/g, /\b(exe|bat|cmd|js)\b/g,
  // What this test and 01-foundation stored: people, the account and a draft, workstream,
  // queue, contact, the customer's message; LINE's own names for the bot and the customer
  // ("linedesk demo", "Customer 1a2b") come from the fake LINE platform, and the customer's
  // LINE profile language is its own tag ("(en)").
  ADMIN.name, AGENT.name, AUDITOR.name, ACCOUNT, 'Pseudo draft', WORKSTREAM, QUEUE, CONTACT.name, MESSAGE,
  'linedesk demo', /Customer [0-9A-Za-z]+/g, '(en)',
  // Slugs and JSON shapes an administrator types, shown as written: {AgentName}, {"text": …}.
  /\{[^{}]*\}/g,
  // The time zone names of the reader's zone are IANA's (e.g. "UTC", "Asia/Tokyo").
  /\bUTC\b/g, /\b[A-Z][a-z]+\/[A-Za-z_]+\b/g,
  // Product names, and JSON (a file format, named so in every language).
  'linedesk', 'LINE', 'JSON',
  // Languages in the language menu are named in themselves (as language pickers do).
  'English', 'Italiano',
];

function strip(text: string): string {
  let rest = text;
  for (const allowed of ALLOWED) {
    rest = typeof allowed === 'string' ? rest.split(allowed).join(' ') : rest.replace(allowed, ' ');
  }
  return rest;
}

type Found = { english: string[]; clipped: string[] };

/** What the page shows that is not in the pseudo-locale, and what it clips. */
async function inspect(page: Page): Promise<Found> {
  return page.evaluate(() => {
    const english: string[] = [];
    const clipped: string[] = [];
    const where = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}`;
    };
    const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    // (a) Text nodes, what form controls show, and the page title.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!text.trim() || !parent) continue;
      if (parent.closest('script, style, noscript, template, option, textarea')) continue;
      // Data shown as data: codes (audit actions, LINE event types), payloads, key caps.
      if (parent.closest('code, pre, kbd')) continue;
      // What was said in the conversation (the customer's words, the replies and automated
      // messages sent in the customer's language) is conversation content.
      if (parent.closest('.bubble__text, .bubble__caption')) continue;
      // Initials in avatars and the brand mark come from names (a person's, the product's).
      if (parent.closest('.avatar, .brand__mark, .bot-card__picture')) continue;
      if (!visible(parent)) continue;
      english.push(`${where(parent)}: ${text.trim()}`);
    }
    for (const select of Array.from(document.querySelectorAll('select'))) {
      const chosen = select.selectedOptions[0];
      if (chosen && visible(select)) english.push(`${where(select)} (chosen): ${chosen.text.trim()}`);
    }
    for (const input of Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))) {
      if (visible(input)) english.push(`${where(input)} (placeholder): ${input.getAttribute('placeholder')}`);
    }
    for (const input of Array.from(document.querySelectorAll('input[type=submit], input[type=button]'))) {
      if (visible(input)) english.push(`${where(input)} (value): ${(input as HTMLInputElement).value}`);
    }
    english.push(`title: ${document.title}`);
    // (b) Clipped: a box that hides its overflow, holds text, and is narrower than its content.
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(el);
      const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      if (!hides || !visible(el)) continue;
      const box = el as HTMLElement;
      if (box.clientWidth <= 1 || el.closest('.visually-hidden')) continue; // screen-reader text
      const text = (box.innerText ?? '').trim();
      if (text && box.scrollWidth > box.clientWidth + 1) {
        clipped.push(`${where(el)} (${box.scrollWidth} > ${box.clientWidth}): ${text.slice(0, 80)}`);
      }
    }
    return { english, clipped };
  });
}

function slug(path: string): string {
  return path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
}

/** Reads each page in en-XA; returns the faults, page by page. */
async function walk(page: Page, testInfo: TestInfo, role: string, paths: string[]): Promise<string[]> {
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: PSEUDO, url: testInfo.project.use.baseURL! }]);
  const faults: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await ready(page, testInfo);
    await expect(page.locator('html'), path).toHaveAttribute('lang', PSEUDO);
    await page.screenshot({ path: testInfo.outputPath(`${role}-${slug(path)}.png`), fullPage: true });
    const found = await inspect(page);
    for (const line of found.english) {
      const [, text] = line.split(/: (.*)/s);
      if (/[A-Za-z]/.test(strip(text ?? line))) faults.push(`${role} ${path} english: ${line}`);
    }
    for (const line of found.clipped) faults.push(`${role} ${path} clipped: ${line}`);
  }
  await page.context().clearCookies({ name: 'i18n_pref_locale' });
  await page.goto('/');
  return faults;
}

async function customerWrites(request: APIRequestContext, callback: string, testInfo: TestInfo) {
  const user = `Upseudo${testInfo.project.name.replace('-', '')}`.padEnd(33, '0');
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text: MESSAGE, channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: user },
  });
  expect((await sent.json()).status).toBe(200);
}

test('every page, for every role, reads in the pseudo-locale without English or clipped text', async ({ page, request }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });

  // The data the pages show, made in English: an account and a push workstream on it whose
  // queue has the agent, a conversation, a contact, an auditor with a transcript grant, and a
  // messaging-account draft two steps into the wizard.
  const callback = createAccountWithCli(testInfo, ACCOUNT, DEMO.channelId, DEMO.secret, DEMO.token);
  await signedIn(page, testInfo, ADMIN);
  const workstream = await pushWorkstreamOn(page, testInfo, ACCOUNT, WORKSTREAM, QUEUE);
  await page.goto('/queues');
  await ready(page, testInfo);
  await addAgentToQueue(page, QUEUE);
  await customerWrites(request, callback, testInfo);
  const accounts: any[] = await (await api(page, 'list_accounts', {})).json();
  const account = accounts.find((a) => a.name === ACCOUNT).id;
  await api(page, 'create_contact', CONTACT);
  const contacts: any[] = await (await api(page, 'list_contacts', { search: '' })).json();
  const contact = contacts.find((c) => c.name === CONTACT.name).id;
  await api(page, 'create_user', { email: AUDITOR.email, display_name: AUDITOR.name, role: 'auditor', password: AUDITOR.password });
  const users: any[] = await (await api(page, 'list_users', {})).json();
  await api(page, 'grant_transcript_access', { user_id: String(users.find((u) => u.email === AUDITOR.email).id), days: '7' });
  let conversation = '';
  await expect(async () => {
    await page.goto('/history?customer=');
    const href = await page.getByTestId('history').locator('tbody tr', { hasText: ACCOUNT }).getByRole('link').first().getAttribute('href', { timeout: 1_000 });
    conversation = href!;
  }).toPass({ timeout: 15_000 });
  await page.goto('/channels/accounts/new');
  await ready(page, testInfo);
  await page.getByLabel(/^Name/).fill('Pseudo draft');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Account details' })).toBeVisible();
  const draft = new URL(page.url()).searchParams.get('draft');
  await ready(page, testInfo);
  await page.getByLabel(/^Channel ID/).fill(WIZARD_CHANNEL);
  await page.getByLabel(/^Channel secret/).fill(DEMO.secret);
  await page.getByLabel(/^Channel access token/).fill(DEMO.token);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=callback/);

  const ws = `/workstreams/${workstream}`;
  const adminPaths = ['/', '/conversations', conversation, '/contacts', `/contacts/${contact}`, '/history',
    '/channels', '/channels/accounts', `/channels/accounts/${account}`, `/channels/accounts/${account}/events`,
    ...['channel', 'account', 'callback'].map((step) => `/channels/accounts/new?draft=${draft}&step=${step}`),
    '/workstreams', '/workstreams/new', ws, `${ws}/routing`, `${ws}/bot`,
    ...['account', 'language', 'behaviors', 'features', 'summary'].map((step) => `${ws}/line?step=${step}`),
    '/queues', '/agents', '/users', '/privacy', '/audit', '/no-such-page'];
  const admin = await walk(page, testInfo, 'admin', adminPaths);
  expect.soft(admin, admin.join('\n')).toEqual([]);
  await signOut(page, testInfo);

  // The agent takes the conversation from their queue, then reads their pages.
  await signedIn(page, testInfo, AGENT);
  await page.request.post('/api/pick_conversation', {
    form: { conversation_id: conversation.split('/').pop()! },
    headers: { Origin: new URL(page.url()).origin, Accept: 'application/json' },
  });
  const agentNav = await page.locator('#main-nav a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  const agent = await walk(page, testInfo, 'agent', [...new Set([...agentNav, conversation, `/contacts/${contact}`, '/no-such-page'])]);
  expect.soft(agent, agent.join('\n')).toEqual([]);
  await signOut(page, testInfo);

  await signedIn(page, testInfo, AUDITOR);
  const auditorNav = await page.locator('#main-nav a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  expect(auditorNav).toContain('/audit');
  const auditor = await walk(page, testInfo, 'auditor', [...new Set([...auditorNav, conversation, '/no-such-page'])]);
  expect.soft(auditor, auditor.join('\n')).toEqual([]);
  await signOut(page, testInfo);
});
