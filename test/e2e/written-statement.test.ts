import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { accepted, ADMIN_TOKEN, MirrorClient, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

const STATEMENT = 'تؤيد كينيا المشروع.\nونطلب ذكر الشبكات المجتمعية في التقرير.';

/** A meeting in which the Delegate of Kenya, remote, waits to speak (asked from their own client). */
async function kenyaWaiting() {
  const meeting = await seedMeeting(suite.server.url);
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const kenya = new MirrorClient(suite.server.url, meeting.participants.remote.token);
  try {
    await kenya.ready();
    await accepted(kenya.send('queue:request', { kind: 'intervention' }));
  } finally {
    kenya.close();
  }
  return { meeting, links };
}

describe('a statement in writing, in Chromium', () => {
  it('a remote delegate on an Arabic phone sends their statement by keyboard; the chair reads it out from the floor; the room screen marks the speaker without the text', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const delegate = await suite.open(links.participant(meeting.participants.remote.id), {
      viewport: { width: 390, height: 844 },
      beforeLoad: (page) => page.addInitScript(() => localStorage.setItem('openfloor.language', 'ar')),
    });
    const chair = await suite.open(links.role('chair'));
    const screen = await suite.open(links.role('screen'), { viewport: { width: 1920, height: 1080 } });
    const captioner = await suite.open(links.role('captioner'));

    await delegate.getByRole('button', { name: 'طلب الكلمة' }).click();
    const open = delegate.getByRole('button', { name: 'أرسل بيانك كتابةً' });
    await open.focus();
    await delegate.keyboard.press('Enter');
    const field = delegate.getByRole('textbox', { name: 'بيانك' });
    expect(await field.evaluate((element) => element === document.activeElement), 'the keyboard in the statement field').toBe(true);
    await delegate.keyboard.type(STATEMENT);
    // The count, with Western digits and the language's grouping, in the field's description.
    const described = await field.evaluate((element) =>
      (element.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? ''),
    );
    expect(described.at(-1)).toBe(`\u2068${STATEMENT.length}\u2069 من \u20685,000\u2069 حرف`);
    expect(await axeViolations(delegate, 'the Arabic statement form on a phone')).toEqual([]);
    await delegate.keyboard.press('Tab');
    await delegate.keyboard.press('Enter');
    await delegate.getByText(/أُرسل بيانك المكتوب في الساعة/).waitFor({ timeout: 10_000 });
    await delegate.getByText('سحب طلبك يسحب هذا البيان أيضًا.').waitFor();
    expect(await delegate.evaluate(() => document.activeElement?.textContent), 'the keyboard back on the statement').toBe('غيّر البيان');
    // Other delegates get no text before the floor comes to it; its author reads it on every
    // device of theirs: this phone after a reload, and their laptop opening the same link.
    await delegate.reload();
    await delegate.getByText(/أُرسل بيانك المكتوب في الساعة/).waitFor({ timeout: 10_000 });
    expect(await delegate.locator('.statement-sent .statement-text').innerText()).toBe(STATEMENT);
    const laptop = await suite.open(links.participant(meeting.participants.remote.id));
    await laptop.getByText(/Your written statement was sent at/).waitFor({ timeout: 10_000 });
    expect(await laptop.locator('.statement-sent .statement-text').innerText()).toBe(STATEMENT);

    const list = chair.getByRole('region', { name: 'List of speakers' });
    await expect.poll(() => list.innerText(), { timeout: 10_000 }).toMatch(/Delegate of Kenya[\s\S]*In writing/);
    // Before giving the floor, whoever will read it out reads ahead: folded under "Next".
    const floor = chair.getByRole('region', { name: 'The floor' });
    const ahead = floor.locator('details', { hasText: /Written statement of the next speaker, \W?Delegate of Kenya\W?, to read ahead/ });
    await ahead.waitFor({ timeout: 10_000 });
    expect(await ahead.getAttribute('open')).toBeNull();
    await ahead.locator('summary').focus();
    await chair.keyboard.press('Enter');
    expect(await ahead.locator('.statement-text').innerText()).toBe(STATEMENT);
    // So does the captioner who will write the read-out down.
    const captionerAhead = captioner.locator('details', { hasText: /Written statement of the next speaker, \W?Delegate of Kenya\W?, to read ahead/ });
    await captionerAhead.locator('summary').click();
    expect(await captionerAhead.locator('.statement-text').innerText()).toBe(STATEMENT);
    await chair.getByRole('button', { name: 'Next speaker' }).click();
    const text = floor.locator('.statement-on-floor .statement-text');
    await text.waitFor({ timeout: 10_000 });
    // Unfolded for reading aloud, in the writer's language and direction, their line breaks kept.
    expect(await floor.locator('.statement-on-floor').getAttribute('open')).not.toBeNull();
    expect(await text.innerText()).toBe(STATEMENT);
    expect(await floor.locator('.statement-text').count(), 'read ahead no more: it is on the floor').toBe(1);
    expect([await text.getAttribute('lang'), await text.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(await floor.locator('.current-speaker').innerText()).toContain('In writing');
    // Screen-reader users are told why another voice reads.
    await expect
      .poll(() => chair.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual('Delegate of Kenya has the floor: their written statement is read out.');
    expect(await axeViolations(chair, 'the chair reading a written statement out')).toEqual([]);

    const speaker = screen.getByRole('region', { name: 'Current speaker' });
    await expect.poll(() => speaker.innerText(), { timeout: 10_000 }).toMatch(/Delegate of Kenya[\s\S]*In writing/);
    expect(await screen.getByText('تؤيد كينيا').count(), 'the room screen never has the text').toBe(0);

    // The captioner writing the read-out down has the text at hand, folded until opened.
    const atHand = captioner.locator('.statement-on-floor:not(.statement-ahead)');
    await atHand.waitFor({ timeout: 10_000 });
    expect(await atHand.getAttribute('open')).toBeNull();
    await atHand.locator('summary').click();
    expect(await atHand.locator('.statement-text').innerText()).toBe(STATEMENT);

    // The delegate, now on the floor, sees their statement once, with what they can still do with it.
    await delegate.getByText('الكلمة لك الآن.').waitFor({ timeout: 10_000 });
    expect(await delegate.locator('.statement-text').count()).toBe(1);
    expect(await delegate.getByText('سحب طلبك يسحب هذا البيان أيضًا.').count(), 'no request left to withdraw').toBe(0);
    await delegate.getByRole('button', { name: 'غيّر البيان' }).waitFor();
  });

  it('in review the secretariat reads every statement, leaves one out, and the sealed record gives the other under its topic', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const clients = await Promise.all(
      [meeting.tokens.chair, meeting.participants.remote.token, meeting.participants.room.token].map(async (token) => {
        const client = new MirrorClient(suite.server.url, token);
        await client.ready();
        return client;
      }),
    );
    const [chair, kenya, amina] = clients as [MirrorClient, MirrorClient, MirrorClient];
    try {
      const created = async (answer: ReturnType<MirrorClient['send']>) => {
        const settled = await accepted(answer);
        return settled.ok ? settled.value.createdId! : '';
      };
      const kenyaRequest = await created(kenya.send('queue:request', { kind: 'intervention' }));
      await accepted(kenya.send('statement:submit', { requestId: kenyaRequest, text: 'Kenya supports the proposal on community networks.' }));
      const aminaRequest = await created(amina.send('queue:request', { kind: 'intervention' }));
      // Amina's came by e-mail: the chair's table entered it.
      await accepted(chair.send('statement:submit', { requestId: aminaRequest, text: 'Off the topic entirely.' }));
      await accepted(chair.send('floor:give', { entryId: kenyaRequest }));
      await accepted(chair.send('floor:end', {}));
      await accepted(chair.send('meeting:transition', { to: 'adjourned' }));
    } finally {
      for (const client of clients) client.close();
    }

    const page = await suite.open(`/setup?meeting=${encodeURIComponent(meeting.meetingId)}#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    const review = page.getByRole('region', { name: 'Review the record before archiving' });
    const statements = review.getByRole('region', { name: 'Written statements: Connectivity' });
    await statements.getByText('Kenya supports the proposal on community networks.').waitFor({ timeout: 10_000 });
    expect(await statements.getByRole('listitem').filter({ hasText: 'Delegate of Kenya' }).innerText()).toMatch(/Read out at/);
    const aminas = await statements.getByRole('listitem').filter({ hasText: 'Amina Civil' }).innerText();
    expect(aminas).toContain('Not read out');
    expect(aminas).toContain('Entered at the chair’s table: the speaker sent it another way.');
    expect(await axeViolations(page, 'the record review with written statements')).toEqual([]);

    await statements.getByRole('button', { name: 'Leave out: Amina Civil' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Leave out of the record' }).click();
    await review.getByText('1 correction so far').waitFor({ timeout: 5000 });
    await review.getByText(/^Written statement by Amina Civil sent at .+ left out of the record$/).waitFor({ timeout: 5000 });
    expect(await statements.getByText('Off the topic entirely.').count()).toBe(0);

    await page.getByRole('button', { name: 'Archive the meeting' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive permanently' }).click();
    await page.getByText('This meeting is archived.').waitFor({ timeout: 10_000 });
    const record = await suite.open(`/archive/${encodeURIComponent(meeting.meetingId)}/record-en.html`);
    const body = await record.locator('main').innerText();
    expect(body).toMatch(/Written statements\s+Delegate of Kenya \(Ministry, Kenya\) — Governments\s+Sent /);
    expect(body).toContain('Kenya supports the proposal on community networks.');
    expect(body).not.toContain('Off the topic entirely.');
    expect(await axeViolations(record, 'the sealed record with a written statement')).toEqual([]);
  }, 60_000);

  it('the chair’s table enters a statement the speaker on the floor e-mailed, by keyboard (a cancelled form gives the keyboard back to its button); it is read out from the console, and the speaker sees it on their page', async () => {
    const { meeting, links } = await kenyaWaiting();
    const chair = await suite.open(links.role('chair'));
    const delegate = await suite.open(links.participant(meeting.participants.remote.id), { viewport: { width: 390, height: 844 } });
    await chair.getByRole('button', { name: 'Next speaker' }).click();
    const floor = chair.getByRole('region', { name: 'The floor' });
    const enter = floor.getByRole('button', { name: 'Enter a statement the speaker sent another way' });
    await enter.focus();
    await chair.keyboard.press('Enter');
    const field = floor.getByRole('textbox', { name: 'Statement received for Delegate of Kenya' });
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    // Cancelled, the form gives the keyboard back to the button that opened it, and opens again from there.
    await floor.getByRole('button', { name: 'Cancel' }).press('Enter');
    await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent), { message: 'the keyboard back on the entry' }).toBe('Enter a statement the speaker sent another way');
    await chair.keyboard.press('Enter');
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    await chair.keyboard.type('Kenya supports the proposal, as sent by e-mail.');
    // Its own statement may arrive before the acknowledgement: it must not be shown as another's.
    await chair.evaluate(() => {
      const seen = { meanwhile: false };
      (window as unknown as { statementSeen: typeof seen }).statementSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('.statement-meanwhile')) seen.meanwhile = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await chair.keyboard.press('Tab');
    await chair.keyboard.press('Enter');
    const text = floor.locator('.statement-on-floor .statement-text');
    await expect.poll(() => text.innerText(), { timeout: 10_000 }).toBe('Kenya supports the proposal, as sent by e-mail.');
    expect(await enter.count(), 'one statement per speech: the entry is gone once it is there').toBe(0);
    expect(await chair.evaluate(() => (window as unknown as { statementSeen: { meanwhile: boolean } }).statementSeen.meanwhile), 'its own statement shown as entered meanwhile').toBe(false);
    expect(await axeViolations(chair, 'the chair having entered a statement')).toEqual([]);
    await expect
      .poll(() => delegate.locator('.statement-sent .statement-text').innerText(), { timeout: 10_000 })
      .toBe('Kenya supports the proposal, as sent by e-mail.');
    await delegate.getByText(/^The chair’s table entered your statement at /).waitFor();
  });

  it('two consoles at the chair’s table entering the same e-mailed statement: the one still typing keeps its text, is shown the other, and replaces it only knowingly', async () => {
    const { links } = await kenyaWaiting();
    const chair = await suite.open(links.role('chair'));
    const secretary = await suite.open(links.role('chair'));
    await chair.getByRole('button', { name: 'Next speaker' }).click();
    const fields = [chair, secretary].map((page) => page.getByRole('region', { name: 'The floor' }));
    for (const floor of fields) {
      await floor.getByRole('button', { name: 'Enter a statement the speaker sent another way' }).click();
    }
    const [chairFloor, secretaryFloor] = fields as [(typeof fields)[0], (typeof fields)[0]];
    const secretaryField = secretaryFloor.getByRole('textbox', { name: 'Statement received for Delegate of Kenya' });
    await secretaryField.fill('Kenya supports the proposal (as forwarded by the secretariat)');
    await chairFloor.getByRole('textbox', { name: 'Statement received for Delegate of Kenya' }).fill('Kenya supports the proposal.');
    await chairFloor.getByRole('button', { name: 'Enter statement' }).click();
    await expect.poll(() => chairFloor.locator('.statement-on-floor .statement-text').innerText(), { timeout: 10_000 }).toBe('Kenya supports the proposal.');

    // The second console's typing is still there, with what the first entered shown above it.
    const meanwhile = secretaryFloor.locator('.statement-meanwhile');
    await meanwhile.waitFor({ timeout: 10_000 });
    // Announced to a screen reader in the middle of typing, not only when sending is refused.
    expect(await secretaryFloor.locator('[role="status"] > .statement-meanwhile').count()).toBe(1);
    expect(await meanwhile.innerText()).toMatch(/^While you were writing, the chair’s table entered this statement at .+:\s+Kenya supports the proposal\.$/);
    expect(await secretaryField.inputValue()).toBe('Kenya supports the proposal (as forwarded by the secretariat)');
    expect(await axeViolations(secretary, 'a statement entered from another console while typing')).toEqual([]);
    // Sent as if nothing had arrived, it is refused and nothing changes ...
    await secretaryFloor.getByRole('button', { name: 'Enter statement' }).click();
    await secretary.getByText(/Someone else sent or changed this written statement before your command arrived/).waitFor({ timeout: 10_000 });
    expect(await secretaryField.inputValue()).toBe('Kenya supports the proposal (as forwarded by the secretariat)');
    expect(await chairFloor.locator('.statement-on-floor .statement-text').innerText()).toBe('Kenya supports the proposal.');
    // ... and sent again, now that its writer has been told, it takes the other's place.
    await secretaryFloor.getByRole('button', { name: 'Enter mine in its place' }).click();
    await expect
      .poll(() => chairFloor.locator('.statement-on-floor .statement-text').innerText(), { timeout: 10_000 })
      .toBe('Kenya supports the proposal (as forwarded by the secretariat)');
    await expect.poll(() => secretaryField.count()).toBe(0);
  });

  it('the chair reads the list’s statements before the floor comes to them, sets one aside after asking, and enters one for a waiting delegate who e-mailed it; each author’s page follows', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const kenya = new MirrorClient(suite.server.url, meeting.participants.remote.token);
    const amina = new MirrorClient(suite.server.url, meeting.participants.room.token);
    try {
      await Promise.all([kenya.ready(), amina.ready()]);
      await accepted(amina.send('queue:request', { kind: 'intervention' }));
      const asked = await accepted(kenya.send('queue:request', { kind: 'intervention' }));
      const requestId = asked.ok ? asked.value.createdId! : '';
      await accepted(kenya.send('statement:submit', { requestId, text: 'Off the topic entirely.' }));
    } finally {
      kenya.close();
      amina.close();
    }
    const chair = await suite.open(links.role('chair'));
    const kenyaPage = await suite.open(links.participant(meeting.participants.remote.id), { viewport: { width: 390, height: 844 } });
    const aminaPage = await suite.open(links.participant(meeting.participants.room.id), { viewport: { width: 390, height: 844 } });
    await kenyaPage.locator('.statement-sent .statement-text').waitFor({ timeout: 10_000 });

    const panel = chair.getByRole('region', { name: 'Written statements on the list' });
    const kenyaLine = panel.getByRole('listitem').filter({ hasText: '2. Delegate of Kenya, sent at' });
    await kenyaLine.locator('summary').click();
    expect(await kenyaLine.locator('.statement-text').innerText()).toBe('Off the topic entirely.');

    // Set aside, after a question naming what follows; its author's page offers the form again.
    await kenyaLine.getByRole('button', { name: 'Set aside' }).click();
    const dialog = chair.getByRole('dialog', { name: 'Set aside the written statement of Delegate of Kenya?' });
    await dialog.getByRole('button', { name: 'Set aside the statement of Delegate of Kenya' }).click();
    await panel.getByText('No request on the list has a written statement.').waitFor({ timeout: 10_000 });
    await kenyaPage.getByRole('button', { name: 'Send your statement in writing' }).waitFor({ timeout: 10_000 });
    // Told why, not left to wonder where it went; and only until they send another.
    const told = kenyaPage.getByRole('status').filter({ hasText: /^The chair set your written statement aside at .+: it will not be read out\. You may send another\.$/ });
    await told.waitFor();
    await kenyaPage.getByRole('button', { name: 'Send your statement in writing' }).click();
    await kenyaPage.getByRole('textbox', { name: 'Your statement' }).fill('Kenya supports the proposal.');
    await kenyaPage.getByRole('button', { name: 'Send statement' }).click();
    await kenyaPage.locator('.statement-sent .statement-text').waitFor({ timeout: 10_000 });
    expect(await told.count()).toBe(0);

    // Amina e-mailed hers: the chair's table chooses her waiting request and enters it, by keyboard.
    const request = panel.getByRole('combobox', { name: 'Statement received for a request on the list' });
    await request.selectOption({ label: '1. Amina Civil' });
    await panel.getByRole('button', { name: 'Enter the statement received' }).click();
    const field = panel.getByRole('textbox', { name: 'Statement received for Amina Civil' });
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    await chair.keyboard.type('Civil society asks for captions in all six languages.');
    await chair.keyboard.press('Tab');
    await chair.keyboard.press('Enter');
    await panel.getByText(/^1\. Amina Civil, entered at the chair’s table at /).waitFor({ timeout: 10_000 });
    // Once acknowledged, which may come just after the statement itself.
    await expect.poll(() => chair.evaluate(() => document.activeElement?.textContent), { message: 'the keyboard back where the entry began' }).toBe('Enter the statement received');
    await expect.poll(() => aminaPage.locator('.statement-sent .statement-text').innerText(), { timeout: 10_000 }).toBe('Civil society asks for captions in all six languages.');
    await aminaPage.getByText(/^The chair’s table entered your statement at /).waitFor();
    expect(await axeViolations(chair, 'the chair’s written statements on the list')).toEqual([]);
  });

  it('a delegate changing their statement on their phone while their laptop sends another: the phone keeps its text, shows the laptop’s, and the refusal is in view beside the button, not below the page’s other controls', async () => {
    const { meeting, links } = await kenyaWaiting();
    const page = links.participant(meeting.participants.remote.id);
    const phone = await suite.open(page, { viewport: { width: 390, height: 844 } });
    const laptop = await suite.open(page);
    await laptop.getByRole('button', { name: 'Send your statement in writing' }).click();
    await laptop.getByRole('textbox', { name: 'Your statement' }).fill('Kenya supports the proposal.');
    await laptop.getByRole('button', { name: 'Send statement' }).click();
    await phone.getByRole('button', { name: 'Change statement' }).click();
    const field = phone.getByRole('textbox', { name: 'Your statement' });
    await field.fill('Kenya supports the proposal, with community networks named.');
    await laptop.getByRole('button', { name: 'Change statement' }).click();
    await laptop.getByRole('textbox', { name: 'Your statement' }).fill('Kenya supports the proposal, from the laptop.');
    await laptop.getByRole('button', { name: 'Send changes' }).click();

    await phone.locator('.statement-meanwhile').getByText('Kenya supports the proposal, from the laptop.').waitFor({ timeout: 10_000 });
    await phone.getByRole('button', { name: 'Send changes' }).click();
    const send = phone.locator('.statement-form button[type=submit]');
    const refusal = phone.getByRole('alert').filter({ hasText: 'Someone else sent or changed this written statement' });
    await refusal.waitFor({ timeout: 10_000 });
    const [button, alert] = [await send.boundingBox(), await refusal.boundingBox()];
    expect(alert!.y - (button!.y + button!.height), 'the refusal within a thumb’s reach below the button').toBeLessThan(150);
    expect(await field.inputValue()).toBe('Kenya supports the proposal, with community networks named.');
    await phone.getByRole('button', { name: 'Send mine in its place' }).click();
    await expect.poll(() => laptop.locator('.statement-sent .statement-text').innerText(), { timeout: 10_000 }).toBe('Kenya supports the proposal, with community networks named.');
  });

  it('a speaker back on the line speaks for themselves: the chair sets their statement aside from the floor, after a question saying they keep the floor', async () => {
    const { meeting, links } = await kenyaWaiting();
    const chair = await suite.open(links.role('chair'));
    const delegate = await suite.open(links.participant(meeting.participants.remote.id), { viewport: { width: 390, height: 844 } });
    await delegate.getByRole('button', { name: 'Send your statement in writing' }).click();
    await delegate.getByRole('textbox', { name: 'Your statement' }).fill('Kenya supports the proposal.');
    await delegate.getByRole('button', { name: 'Send statement' }).click();
    await chair.getByRole('button', { name: 'Next speaker' }).click();
    const floor = chair.getByRole('region', { name: 'The floor' });
    await floor.locator('.statement-on-floor .statement-text').waitFor({ timeout: 10_000 });
    await floor.getByRole('button', { name: 'Set aside the written statement' }).click();
    const dialog = chair.getByRole('dialog', { name: 'Set aside the written statement of Delegate of Kenya?' });
    expect(await dialog.innerText()).toContain('Delegate of Kenya keeps the floor, and may speak or send another statement.');
    await dialog.getByRole('button', { name: 'Set aside the statement of Delegate of Kenya' }).click();
    await expect.poll(() => floor.locator('.statement-on-floor').count(), { timeout: 10_000 }).toBe(0);
    await floor.getByRole('button', { name: 'Enter a statement the speaker sent another way' }).waitFor();
    await delegate.getByRole('button', { name: 'Send your statement in writing' }).waitFor({ timeout: 10_000 });
    await delegate.getByRole('status').filter({ hasText: /^The chair set your written statement aside at / }).waitFor();
    expect(await floor.innerText(), 'the speech goes on').toMatch(/Delegate of Kenya[\s\S]*End speech/);
  });

  it('in the Arabic review, an English topic title heads its speeches and statements from the right like the page, and English names stand under their columns’ headers, each isolated inside', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const [chair, kenya] = await Promise.all(
      [meeting.tokens.chair, meeting.participants.remote.token].map(async (token) => {
        const client = new MirrorClient(suite.server.url, token);
        await client.ready();
        return client;
      }),
    );
    try {
      const asked = await accepted(kenya!.send('queue:request', { kind: 'intervention' }));
      const requestId = asked.ok ? asked.value.createdId! : '';
      await accepted(kenya!.send('statement:submit', { requestId, text: 'تؤيد كينيا المشروع.' }));
      await accepted(chair!.send('floor:give', { entryId: requestId }));
      await accepted(chair!.send('floor:end', {}));
      await accepted(chair!.send('meeting:transition', { to: 'adjourned' }));
    } finally {
      chair!.close();
      kenya!.close();
    }
    const page = await suite.open(`/setup?meeting=${encodeURIComponent(meeting.meetingId)}#admin=${ADMIN_TOKEN}`, {
      viewport: { width: 1440, height: 900 },
      beforeLoad: (opened) => opened.addInitScript(() => localStorage.setItem('openfloor.language', 'ar')),
    });
    const statements = page.getByRole('region', { name: /^البيانات المكتوبة: Connectivity/ });
    await statements.waitFor({ timeout: 10_000 });
    const headings = [statements.getByRole('heading', { name: 'Connectivity' }), page.locator('.table-scroll caption').first()];
    // So do the names in its tables, under their columns' headers rather than at the far side of the cell.
    const names = page.locator('.table-scroll th[scope="row"]').filter({ hasText: 'Delegate of Kenya' });
    expect(await names.count()).toBe(2);
    for (const [cell, text] of [...headings.map((heading) => [heading, 'Connectivity'] as const), ...[0, 1].map((index) => [names.nth(index), 'Delegate of Kenya'] as const)]) {
      expect(await cell.evaluate((element) => getComputedStyle(element).direction), await cell.evaluate((element) => element.outerHTML)).toBe('rtl');
      expect(await cell.evaluate((element) => element.querySelector('bdi')?.textContent)).toBe(text);
    }
  });
});
