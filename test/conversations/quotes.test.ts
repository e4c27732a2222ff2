import { describe, expect, it } from 'vitest';
import { visibleReply } from '../../src/conversations/quotes.ts';

const lines = (...l: string[]) => l.join('\n');

describe('visibleReply: quoted history is hidden', () => {
  it.each<[string, string, string, string]>([
    // [name, text, expected visible, a piece of the quoted part]
    [
      'en Gmail header',
      lines('When will my order ship?', '', 'On Mon, Jun 3, 2024 at 10:00 AM Service Team <svar@tidings.example> wrote:', '> Update 3: what the takeover means for you', '> Orders placed before 1 June ship as planned.'),
      'When will my order ship?',
      'Orders placed before 1 June',
    ],
    [
      'en Gmail header wrapped over two lines',
      lines('Thanks, that helps.', '', 'On Mon, 3 Jun 2024 at 10:00, Jane Doe from the Service Team <', 'svar@tidings.example> wrote:', '', '> Update 3'),
      'Thanks, that helps.',
      'Update 3',
    ],
    [
      'en Apple Mail header without > lines below',
      lines('Noted, thank you.', '', 'On 3 Jun 2024, at 10:00, Jane Doe <svar@tidings.example> wrote:', '', 'Update 3: what the takeover means for you'),
      'Noted, thank you.',
      'Update 3: what the takeover',
    ],
    [
      'nb Gmail header',
      lines('Når får jeg pengene tilbake?', '', 'man. 3. jun. 2024 kl. 10:00 skrev Kundeservice <svar@tidings.example>:', '> Oppdatering 3: hva oppkjøpet betyr for deg'),
      'Når får jeg pengene tilbake?',
      'Oppdatering 3',
    ],
    [
      'nb Apple Mail header',
      lines('Takk for beskjeden.', '', '3. jun. 2024 kl. 10:00 skrev Kari Hansen <svar@tidings.example>:', '', 'Oppdatering 3'),
      'Takk for beskjeden.',
      'Oppdatering 3',
    ],
    [
      'sv Gmail header',
      lines('Hej! Vad händer med min prenumeration?', '', 'Den mån 3 juni 2024 kl 10:00 skrev Kundtjänst <svar@tidings.example>:', '> Uppdatering 3: vad uppköpet betyder för dig'),
      'Hej! Vad händer med min prenumeration?',
      'Uppdatering 3',
    ],
    [
      'nl Gmail header',
      lines('Wanneer krijg ik mijn geld terug?', '', 'Op ma 3 jun. 2024 om 10:00 schreef Klantenservice <svar@tidings.example>:', '> Update 3: wat de overname voor u betekent'),
      'Wanneer krijg ik mijn geld terug?',
      'wat de overname',
    ],
    [
      'nl Apple Mail header',
      lines('Dank u wel.', '', 'Op 3 jun. 2024 om 10:00 heeft Klantenservice <svar@tidings.example> het volgende geschreven:', '', '> Update 3'),
      'Dank u wel.',
      'Update 3',
    ],
    [
      'hu Gmail header',
      lines('Mikor kapom vissza a pénzem?', '', 'Ügyfélszolgálat <svar@tidings.example> ezt írta (időpont: 2024. jún. 3., H, 10:00):', '> 3. tájékoztató: mit jelent az átvétel'),
      'Mikor kapom vissza a pénzem?',
      'mit jelent az átvétel',
    ],
    [
      'hu Thunderbird header',
      lines('Köszönöm a tájékoztatást.', '', '2024. 06. 03. 10:00 keltezéssel, Ügyfélszolgálat írta:', '> 3. tájékoztató'),
      'Köszönöm a tájékoztatást.',
      '3. tájékoztató',
    ],
    [
      'de header',
      lines('Danke.', '', 'Am 03.06.2024 um 10:00 schrieb Kundendienst <svar@tidings.example>:', '> Update 3'),
      'Danke.',
      'Update 3',
    ],
    [
      '> lines without a header',
      lines('Yes, please call me.', '> Would you like us to call you?'),
      'Yes, please call me.',
      'Would you like us to call you?',
    ],
    [
      'inline answers between quoted lines stay visible',
      lines('> Would you like a refund?', 'Yes.', '> Shall we call you?', 'No, email is fine.'),
      lines('Yes.', 'No, email is fine.'),
      'Shall we call you?',
    ],
    [
      'bottom posting under a header',
      lines('On Mon, 3 Jun 2024 at 10:00, Service <svar@tidings.example> wrote:', '> Update 3', '', 'Thanks, understood.'),
      'Thanks, understood.',
      'Update 3',
    ],
    [
      'CRLF line endings',
      'Thank you.\r\n\r\nOn Mon, 3 Jun 2024 at 10:00, Service <svar@tidings.example> wrote:\r\n> Update 3\r\n',
      'Thank you.',
      'Update 3',
    ],
  ])('%s', (_name, text, visible, quotedPart) => {
    const r = visibleReply(text);
    expect(r.visible).toBe(visible);
    expect(r.quoted).toContain(quotedPart);
  });
});

describe('visibleReply: Outlook blocks', () => {
  it.each<[string, string, string]>([
    ['en -----Original Message-----', lines('Please call me.', '', '-----Original Message-----', 'From: Service <svar@tidings.example>', 'Sent: Monday, June 3, 2024 10:00 AM', 'Subject: Update 3', '', 'Update 3 text'), 'Please call me.'],
    ['en From/Sent block', lines('Please call me.', '', 'From: Service Team <svar@tidings.example>', 'Sent: Monday, June 3, 2024 10:00 AM', 'To: Jane Doe <jane@example.org>', 'Subject: Update 3', '', 'Update 3 text'), 'Please call me.'],
    ['en From/Sent block under an underscore rule, bold labels', lines('Please call me.', '', '________________________________', '*From:* Service Team <svar@tidings.example>', '*Sent:* Monday, June 3, 2024 10:00 AM', '*Subject:* Update 3', '', 'Update 3 text'), 'Please call me.'],
    ['en single-line From … Sent …', lines('Please call me.', 'From: Service Team Sent: 3 June 2024 10:00 To: Jane Subject: Update 3', 'Update 3 text'), 'Please call me.'],
    ['nb Fra/Sendt', lines('Ring meg, takk.', '', 'Fra: Kundeservice <svar@tidings.example>', 'Sendt: mandag 3. juni 2024 10:00', 'Til: Kari Nordmann', 'Emne: Oppdatering 3', '', 'Oppdatering 3 tekst'), 'Ring meg, takk.'],
    ['nb -----Opprinnelig melding-----', lines('Ring meg, takk.', '-----Opprinnelig melding-----', 'Fra: Kundeservice', 'Oppdatering 3 tekst'), 'Ring meg, takk.'],
    ['sv Från/Skickat', lines('Ring mig, tack.', '', 'Från: Kundtjänst <svar@tidings.example>', 'Skickat: den 3 juni 2024 10:00', 'Till: Anna Svensson', 'Ämne: Uppdatering 3', '', 'Uppdatering 3 text'), 'Ring mig, tack.'],
    ['sv -----Ursprungligt meddelande-----', lines('Ring mig, tack.', '-----Ursprungligt meddelande-----', 'Uppdatering 3 text'), 'Ring mig, tack.'],
    ['nl Van/Verzonden', lines('Bel mij alstublieft.', '', 'Van: Klantenservice <svar@tidings.example>', 'Verzonden: maandag 3 juni 2024 10:00', 'Aan: Jan de Vries', 'Onderwerp: Update 3', '', 'Update 3 tekst'), 'Bel mij alstublieft.'],
    ['nl -----Oorspronkelijk bericht-----', lines('Bel mij alstublieft.', '-----Oorspronkelijk bericht-----', 'Update 3 tekst'), 'Bel mij alstublieft.'],
    ['hu Feladó/Elküldve', lines('Kérem, hívjanak fel.', '', 'Feladó: Ügyfélszolgálat <svar@tidings.example>', 'Elküldve: 2024. június 3. 10:00', 'Címzett: Kovács Anna', 'Tárgy: 3. tájékoztató', '', '3. tájékoztató szövege'), 'Kérem, hívjanak fel.'],
    ['hu -----Eredeti üzenet-----', lines('Kérem, hívjanak fel.', '-----Eredeti üzenet-----', '3. tájékoztató szövege'), 'Kérem, hívjanak fel.'],
  ])('%s', (_name, text, visible) => {
    const r = visibleReply(text);
    expect(r.visible).toBe(visible);
    expect(r.quoted).not.toBe('');
    expect(r.visible).not.toMatch(/Update 3 te|Uppdatering 3 text|Oppdatering 3 tekst|szövege/);
  });
});

describe('visibleReply: signatures', () => {
  it.each<[string, string, string]>([
    ['-- delimiter', lines('When will I hear more?', '', '-- ', 'Jane Doe', 'Acme Ltd, +47 900 00 000'), 'When will I hear more?'],
    ['-- delimiter without trailing space', lines('When will I hear more?', '--', 'Jane Doe'), 'When will I hear more?'],
    ['en Sent from my iPhone', lines('When will I hear more?', '', 'Sent from my iPhone'), 'When will I hear more?'],
    ['en Get Outlook for Android', lines('When will I hear more?', '', 'Get Outlook for Android'), 'When will I hear more?'],
    ['nb Sendt fra min iPhone', lines('Når hører jeg mer?', '', 'Sendt fra min iPhone'), 'Når hører jeg mer?'],
    ['sv Skickat från min iPhone', lines('När hör jag mer?', '', 'Skickat från min iPhone'), 'När hör jag mer?'],
    ['nl Verzonden vanaf mijn iPhone', lines('Wanneer hoor ik meer?', '', 'Verzonden vanaf mijn iPhone'), 'Wanneer hoor ik meer?'],
    ['nl Verstuurd vanaf mijn iPhone', lines('Wanneer hoor ik meer?', 'Verstuurd vanaf mijn iPhone'), 'Wanneer hoor ik meer?'],
    ['hu iPhone-ról küldve', lines('Mikor hallok többet?', '', 'iPhone-ról küldve'), 'Mikor hallok többet?'],
    ['de Von meinem iPhone gesendet', lines('Wann höre ich mehr?', '', 'Von meinem iPhone gesendet'), 'Wann höre ich mehr?'],
    [
      'signature and quoted history together',
      lines('Thanks!', '', 'Sent from my iPhone', '', 'On 3 Jun 2024, at 10:00, Service <svar@tidings.example> wrote:', '', '> Update 3'),
      'Thanks!',
    ],
    [
      'nb signature then Outlook block',
      lines('Takk!', '-- ', 'Kari Nordmann', 'Fra: Kundeservice <svar@tidings.example>', 'Sendt: 3. juni 2024 10:00', 'Oppdatering 3'),
      'Takk!',
    ],
  ])('%s', (_name, text, visible) => {
    const r = visibleReply(text);
    expect(r.visible).toBe(visible);
    expect(r.quoted).not.toBe('');
  });
});

describe('visibleReply: plain messages and the fallback', () => {
  it.each<[string, string]>([
    ['a plain message', 'Hello,\n\nwhen will my order ship?\n\nBest regards,\nJane'],
    ['en sentence with "wrote:" but no time or address', 'On Monday I wrote:\nplease cancel my order.'],
    ['nb sentence with "skrev" but no time or address', 'Jeg skrev til dere 3. juni:\nvennligst kanseller bestillingen.'],
    ['an arrow inside a line is not a quote', 'Price went 10 -> 12 > expected'],
    ['a dash line that is not a signature', 'Options:\n--- a\n--- b'],
  ])('%s is kept whole', (_name, text) => {
    expect(visibleReply(text)).toEqual({ visible: text, quoted: '' });
  });

  it.each<[string, string]>([
    ['only > lines', lines('> Update 3', '> Orders ship as planned.')],
    ['only a header and a quote', lines('On Mon, 3 Jun 2024 at 10:00, Service <svar@tidings.example> wrote:', '> Update 3')],
    ['only an Outlook block', lines('-----Original Message-----', 'From: Service', 'Sent: 3 June 2024', 'Update 3')],
    ['only a signature', lines('-- ', 'Jane Doe')],
    ['only a sign-off and a quote', lines('Sent from my iPhone', '', '> Update 3')],
  ])('%s → the full text is visible', (_name, text) => {
    expect(visibleReply(text)).toEqual({ visible: text.trim(), quoted: '' });
  });

  it('empty text stays empty', () => {
    expect(visibleReply('')).toEqual({ visible: '', quoted: '' });
  });
});
