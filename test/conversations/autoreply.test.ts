import { describe, expect, it } from 'vitest';
import { classifyInbound, stripSubjectPrefixes, type InboundHeaders } from '../../src/conversations/autoreply.ts';

const customer = 'Kari Nordmann <kari@example.no>';
const msg = (subject: string, headers: InboundHeaders = {}, from = customer, text = 'Takk for oppdateringen.') => ({ headers, from, subject, text });

describe('classifyInbound: out-of-office and automatic replies are set aside', () => {
  it.each([
    // en
    ['en', 'Out of Office: Update 3: what the takeover means for you'],
    ['en', 'Automatic reply: Update 3: what the takeover means for you'],
    ['en', 'Re: Out of office'],
    ['en', 'AUTO-REPLY: Update 3'],
    ['en', 'Autoreply: Update 3'],
    // nb
    ['nb', 'Automatisk svar: Oppdatering 3: hva oppkjøpet betyr for deg'],
    ['nb', 'Autosvar: Oppdatering 3'],
    ['nb', 'Fraværende: Oppdatering 3'],
    ['nb', 'SV: Fraværende'],
    ['nb', 'VS: Ikke til stede til 12. august'],
    // sv
    ['sv', 'Automatiskt svar: Uppdatering 3: vad uppköpet betyder för dig'],
    ['sv', 'Autosvar: Uppdatering 3'],
    ['sv', 'Frånvaro: Uppdatering 3'],
    ['sv', 'SV: Frånvarande'],
    // nl
    ['nl', 'Automatisch antwoord: Update 3: wat de overname voor u betekent'],
    ['nl', 'Afwezig: Update 3'],
    ['nl', 'Antw: Afwezigheidsmelding'],
    ['nl', 'Buiten kantoor'],
    // hu
    ['hu', 'Automatikus válasz: 3. tájékoztató: mit jelent az átvétel'],
    ['hu', 'Házon kívül: 3. tájékoztató'],
    ['hu', 'HÁZON KÍVÜL'],
    ['hu', 'Vá: Házon kívül'],
    // de
    ['de', 'Automatische Antwort: Update 3'],
    ['de', 'AW: Abwesenheitsnotiz'],
  ])('%s subject %j', (_lang, subject) => {
    const r = classifyInbound(msg(subject));
    expect(r.kind).toBe('auto_reply');
  });

  it.each<[string, InboundHeaders, string]>([
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'Auto-Submitted'],
    ['Auto-Submitted: auto-generated (lower-case name)', { 'auto-submitted': 'auto-generated' }, 'Auto-Submitted'],
    ['Auto-Submitted as an array', { 'AUTO-SUBMITTED': ['auto-notified'] }, 'Auto-Submitted'],
    ['X-Autoreply: yes', { 'X-Autoreply': 'yes' }, 'x-autoreply'],
    ['X-Autorespond', { 'x-autorespond': 'Kari is away' }, 'x-autorespond'],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'Precedence'],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }, 'Precedence'],
    ['Precedence: junk', { Precedence: 'junk' }, 'Precedence'],
    ['Precedence: list', { Precedence: 'list' }, 'Precedence'],
    ['X-Auto-Response-Suppress: All', { 'X-Auto-Response-Suppress': 'All' }, 'X-Auto-Response-Suppress'],
    ['X-Auto-Response-Suppress: DR, OOF, AutoReply', { 'X-Auto-Response-Suppress': 'DR, OOF, AutoReply' }, 'X-Auto-Response-Suppress'],
    ['X-MS-Exchange-Generated-Message-Source', { 'X-MS-Exchange-Generated-Message-Source': 'Mailbox Rules Agent' }, 'X-MS-Exchange-Generated-Message-Source'],
    ['List-Id', { 'List-Id': '<news.example.org>' }, 'List-Id'],
    ['List-Unsubscribe', { 'List-Unsubscribe': '<mailto:unsub@example.org>' }, 'List-Unsubscribe'],
    ['read receipt', { 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="x"' }, 'read receipt'],
  ])('header %s', (_name, headers, reasonPart) => {
    const r = classifyInbound(msg('Re: Update 3: what the takeover means for you', headers));
    expect(r.kind).toBe('auto_reply');
    expect(r.kind !== 'human' && r.reason).toContain(reasonPart);
  });
});

describe('classifyInbound: bounces are recognised', () => {
  it.each<[string, ReturnType<typeof msg>]>([
    ['from MAILER-DAEMON', msg('Undelivered Mail Returned to Sender', {}, 'MAILER-DAEMON@mx.example.org (Mail Delivery System)')],
    ['from Mail Delivery System <MAILER-DAEMON@…>', msg('Update 3', {}, 'Mail Delivery System <MAILER-DAEMON@mx.example.org>')],
    ['from postmaster@', msg('Update 3', {}, 'postmaster@example.hu')],
    ['from Postmaster (any case)', msg('Update 3', {}, '"Postmaster" <PostMaster@Example.NL>')],
    ['multipart/report delivery-status', msg('Update 3', { 'content-type': 'multipart/report; report-type="delivery-status"; boundary="b"' }, 'noreply@example.org')],
    ['multipart/report delivery-status, mixed case', msg('Update 3', { 'Content-Type': 'Multipart/Report; Report-Type=Delivery-Status' }, 'noreply@example.org')],
    ['X-Failed-Recipients', msg('Update 3', { 'X-Failed-Recipients': 'kari@example.no' }, 'noreply@example.org')],
    ['bounce with Auto-Submitted is still a bounce', msg('Undelivered Mail Returned to Sender', { 'Auto-Submitted': 'auto-replied' }, 'noreply@example.org')],
    ['en Postfix', msg('Undelivered Mail Returned to Sender', {}, 'noreply@example.org')],
    ['en Gmail', msg('Delivery Status Notification (Failure)', {}, 'noreply@example.org')],
    ['en Gmail delay', msg('Delivery Status Notification (Delay)', {}, 'noreply@example.org')],
    ['en Exim', msg('Mail delivery failed: returning message to sender', {}, 'noreply@example.org')],
    ['en Sendmail', msg('Returned mail: see transcript for details', {}, 'noreply@example.org')],
    ['en Outlook', msg('Undeliverable: Update 3', {}, 'noreply@example.org')],
    ['nb Outlook', msg('Kan ikke leveres: Oppdatering 3', {}, 'noreply@example.org')],
    ['sv Outlook', msg('Det gick inte att leverera: Uppdatering 3', {}, 'noreply@example.org')],
    ['nl Outlook', msg('Onbestelbaar: Update 3', {}, 'noreply@example.org')],
    ['hu', msg('Kézbesítési hiba', {}, 'noreply@example.org')],
    ['hu Outlook', msg('Kézbesíthetetlen: 3. tájékoztató', {}, 'noreply@example.org')],
    ['de Outlook', msg('Unzustellbar: Update 3', {}, 'noreply@example.org')],
  ])('%s', (_name, m) => {
    expect(classifyInbound(m).kind).toBe('bounce');
  });
});

describe('classifyInbound: people are kept as human', () => {
  it.each<[string, ReturnType<typeof msg>]>([
    ['en reply', msg('Re: Update 3: what the takeover means for you', {}, customer, 'When will my order ship?')],
    ['en reply, Outlook RE:', msg('RE: Update 3: what the takeover means for you', { 'Content-Type': 'text/plain; charset=utf-8' })],
    ['en reply mentioning office hours', msg('Re: Update 3: out of office hours support?')],
    ['en new message', msg('Question about my refund')],
    ['nb reply', msg('SV: Oppdatering 3: hva oppkjøpet betyr for deg', {}, customer, 'Når får jeg pengene tilbake?')],
    ['nb forward', msg('VS: Oppdatering 3')],
    ['sv reply', msg('SV: Uppdatering 3: vad uppköpet betyder för dig', {}, 'Anna Svensson <anna@example.se>', 'Hej! Vad händer med min prenumeration?')],
    ['nl reply', msg('Antw: Update 3: wat de overname voor u betekent', {}, 'Jan de Vries <jan@example.nl>', 'Wanneer krijg ik mijn geld terug?')],
    ['nl reply, Re:', msg('Re: Update 3: wat de overname voor u betekent', {}, 'Jan de Vries <jan@example.nl>')],
    ['hu reply', msg('Vá: 3. tájékoztató: mit jelent az átvétel', {}, 'Kovács Anna <anna@example.hu>', 'Mikor kapom vissza a pénzem?')],
    ['hu reply, Re:', msg('Re: 3. tájékoztató', {}, 'Kovács Anna <anna@example.hu>')],
    ['Auto-Submitted: no', msg('Re: Update 3', { 'Auto-Submitted': 'no' })],
    ['X-Auto-Response-Suppress without All/OOF', msg('Re: Update 3', { 'X-Auto-Response-Suppress': 'DR, RN, NRN' })],
    ['Precedence: first-class', msg('Re: Update 3', { Precedence: 'first-class' })],
    ['undefined header values ignored', msg('Re: Update 3', { 'List-Id': undefined, 'Auto-Submitted': undefined })],
    ['a person whose name contains postmaster', msg('Re: Update 3', {}, 'Pat Postmaster <pat@example.org>')],
    ['multipart/mixed', msg('Re: Update 3', { 'Content-Type': 'multipart/mixed; boundary="b"' })],
  ])('%s', (_name, m) => {
    expect(classifyInbound(m)).toEqual({ kind: 'human' });
  });
});

describe('stripSubjectPrefixes', () => {
  it.each([
    ['Re: Update 3', 'Update 3'],
    ['RE: SV: Antw: Vá: Update 3', 'Update 3'],
    ['Re[2]: Update 3', 'Update 3'],
    ['VS: Fwd: Update 3', 'Update 3'],
    ['[news] Re: Update 3', 'Update 3'],
    ['Update 3: Re: nothing', 'Update 3: Re: nothing'],
  ])('%j → %j', (input, expected) => {
    expect(stripSubjectPrefixes(input)).toBe(expected);
  });
});
