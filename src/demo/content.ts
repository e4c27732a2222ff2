import type { UpdateInput } from '../updates/compose.ts';

/* What the demo's people write: the updates, the customers' questions and the answers. */

export const ORGANISATION = 'Bokklubben Norden AS';

export const MAGAZINE_SITUATION = {
  title: 'The members’ magazine is late',
  summary: 'A fault at the printer held up the latest issue of Bokklubben Magasinet by two weeks.',
};

export const MAGAZINE_UPDATE: Pick<UpdateInput, 'content' | 'acknowledgement'> = {
  acknowledgement: { kind: 'apology', text: 'We are sorry that your magazine is late.' },
  content: {
    en: {
      subject: 'Your magazine is on its way, two weeks late',
      body: 'A fault at our printer held up the latest issue of **Bokklubben Magasinet**.\n\nIt was printed this week and reaches you within ten days. Nothing is needed from you.\n\nThis is our last message about it.',
    },
    nb: {
      subject: 'Magasinet ditt er på vei, to uker forsinket',
      body: 'En feil hos trykkeriet forsinket siste nummer av **Bokklubben Magasinet**.\n\nDet ble trykket denne uken og kommer til deg innen ti dager. Du trenger ikke gjøre noe.\n\nDette er vår siste melding om saken.',
    },
    sv: {
      subject: 'Din tidning är på väg, två veckor sen',
      body: 'Ett fel hos tryckeriet försenade senaste numret av **Bokklubben Magasinet**.\n\nDet trycktes den här veckan och når dig inom tio dagar. Du behöver inte göra något.\n\nDetta är vårt sista meddelande om saken.',
    },
  },
};

export const RESTRUCTURING_SITUATION = {
  title: 'Bokklubben Norden in restructuring',
  summary: 'The book club entered court-supervised restructuring. Members keep their membership; refund claims are paid in order.',
};

export const RESTRUCTURING_UPDATES: Pick<UpdateInput, 'content' | 'acknowledgement'>[] = [
  {
    acknowledgement: { kind: 'apology', text: 'We are sorry for the uncertainty this causes you.' },
    content: {
      en: {
        subject: 'Bokklubben is in restructuring: what it means for your membership',
        body: 'Bokklubben Norden has entered **restructuring** under the supervision of the court.\n\n- Your membership continues as before.\n- Orders you have already placed will be delivered.\n- Vouchers remain valid.\n\nWe will write again before we know more about refunds.',
      },
      nb: {
        subject: 'Bokklubben er under rekonstruksjon: dette betyr det for medlemskapet ditt',
        body: 'Bokklubben Norden er under **rekonstruksjon** under tilsyn av retten.\n\n- Medlemskapet ditt fortsetter som før.\n- Bestillinger du allerede har gjort, blir levert.\n- Tilgodelapper gjelder fortsatt.\n\nVi skriver igjen før vi vet mer om refusjoner.',
      },
    },
  },
  {
    acknowledgement: { kind: 'both', text: 'Thank you for your patience, and we are sorry it has taken this long.' },
    content: {
      en: {
        subject: 'Refunds: how and when',
        body: 'The administrator has approved a plan for **refund claims**.\n\n1. Claims are paid in the order they were received.\n2. The first payments go out within four weeks.\n\nNothing is needed from you: we have your claim on file.',
      },
      nb: {
        subject: 'Refusjoner: hvordan og når',
        body: 'Bostyrer har godkjent en plan for **refusjonskrav**.\n\n1. Krav betales i den rekkefølgen de kom inn.\n2. De første utbetalingene skjer innen fire uker.\n\nDu trenger ikke gjøre noe: vi har kravet ditt registrert.',
      },
    },
  },
  {
    acknowledgement: { kind: 'thanks', text: 'Thank you for bearing with us.' },
    content: { en: { subject: 'First refunds paid', body: 'The first **refunds** have been paid this week.' } },
  },
];

/** Questions from status pages: the customer's language, what they wrote, and (for the first) the answer. */
export const QUESTIONS = {
  order: {
    locale: 'nb',
    text: 'Kommer bestillingen jeg gjorde forrige uke fortsatt?',
    answer: 'Ja: alle bestillinger som allerede er gjort, blir levert. Din kommer innen to uker.\n\nHilsen Ingrid',
  },
  voucher: { locale: 'en', text: 'I have a voucher for 400 kr. Can I still use it in the shop?' },
  /** A reply by email (when a reply domain is set), quoting the update as mail programs do. */
  emailReply: {
    locale: 'nl',
    text: 'Hoi Ingrid,\n\nIk heb nog 250 kr tegoed van een geannuleerde bestelling. Moet ik daarvoor zelf een claim indienen?\n\nMet vriendelijke groet\n\n> Refunds: how and when\n> The administrator has approved a plan for refund claims.',
  },
  /** An out-of-office answer to the same update: kept in the customer's thread, opening nothing. */
  autoReply: {
    locale: 'hu',
    text: 'Szabadságon vagyok december 5-ig. / I am on holiday until 5 December.',
    headers: { 'Auto-Submitted': 'auto-replied' },
  },
  refund: {
    locale: 'sv',
    text: 'Jag är väldigt orolig för min återbetalning på 1 200 kr. Kan någon ringa mig?',
    followUp: 'Worried about a refund of 1,200 kr; call in the afternoon (Swedish).',
  },
} as const;
