import type { Locale } from '../config.ts';

const en = {
  title: 'Your status page',
  intro: 'This page is only for you. It shows every update we have sent you about this matter, and who to contact.',
  updates: 'Updates you have received',
  update: 'Update {n}',
  sentOn: 'Sent {date}',
  nextPromise: 'We will write to you again by {date}.',
  finalSaid: 'We have sent our last update on this matter.',
  contact: 'Your contact person',
  phone: 'Phone',
  email: 'Email',
  invalid: 'This link is not valid. Please use the link in the most recent email from us.',
  expired: 'This link has expired. Please use the link in the most recent email from us.',
  resolved: 'This matter is now closed.',
};

type Text = Record<keyof typeof en, string>;

const nb: Text = {
  title: 'Din statusside',
  intro: 'Denne siden er bare for deg. Her ser du alle oppdateringene vi har sendt deg om denne saken, og hvem du kan kontakte.',
  updates: 'Oppdateringer du har fått',
  update: 'Oppdatering {n}',
  sentOn: 'Sendt {date}',
  nextPromise: 'Vi skriver til deg igjen innen {date}.',
  finalSaid: 'Vi har sendt vår siste oppdatering om denne saken.',
  contact: 'Din kontaktperson',
  phone: 'Telefon',
  email: 'E-post',
  invalid: 'Denne lenken er ikke gyldig. Bruk lenken i den nyeste e-posten fra oss.',
  expired: 'Denne lenken er utløpt. Bruk lenken i den nyeste e-posten fra oss.',
  resolved: 'Denne saken er nå avsluttet.',
};

const sv: Text = {
  title: 'Din statussida',
  intro: 'Den här sidan är bara för dig. Här ser du alla uppdateringar vi har skickat dig om ärendet och vem du kan kontakta.',
  updates: 'Uppdateringar du har fått',
  update: 'Uppdatering {n}',
  sentOn: 'Skickad {date}',
  nextPromise: 'Vi hör av oss igen senast {date}.',
  finalSaid: 'Vi har skickat vår sista uppdatering om det här ärendet.',
  contact: 'Din kontaktperson',
  phone: 'Telefon',
  email: 'E-post',
  invalid: 'Länken är inte giltig. Använd länken i det senaste mejlet från oss.',
  expired: 'Länken har gått ut. Använd länken i det senaste mejlet från oss.',
  resolved: 'Ärendet är nu avslutat.',
};

const nl: Text = {
  title: 'Uw statuspagina',
  intro: 'Deze pagina is alleen voor u. U ziet hier alle updates die wij u over deze kwestie hebben gestuurd, en bij wie u terechtkunt.',
  updates: 'Updates die u hebt ontvangen',
  update: 'Update {n}',
  sentOn: 'Verzonden op {date}',
  nextPromise: 'We schrijven u uiterlijk {date} opnieuw.',
  finalSaid: 'Wij hebben onze laatste update over deze kwestie verstuurd.',
  contact: 'Uw contactpersoon',
  phone: 'Telefoon',
  email: 'E-mail',
  invalid: 'Deze link is niet geldig. Gebruik de link in de meest recente e-mail van ons.',
  expired: 'Deze link is verlopen. Gebruik de link in de meest recente e-mail van ons.',
  resolved: 'Deze kwestie is afgesloten.',
};

const hu: Text = {
  title: 'Az Ön állapotoldala',
  intro: 'Ez az oldal csak az Öné. Itt látja az ügyről küldött összes tájékoztatásunkat, és azt, hogy kihez fordulhat.',
  updates: 'Az Ön által kapott tájékoztatások',
  update: '{n}. tájékoztató',
  sentOn: 'Elküldve: {date}',
  nextPromise: 'Legkésőbb {date} újra írunk Önnek.',
  finalSaid: 'Elküldtük utolsó tájékoztatásunkat ebben az ügyben.',
  contact: 'Az Ön kapcsolattartója',
  phone: 'Telefon',
  email: 'E-mail',
  invalid: 'Ez a hivatkozás nem érvényes. Kérjük, használja a tőlünk kapott legutóbbi e-mailben lévő hivatkozást.',
  expired: 'Ez a hivatkozás lejárt. Kérjük, használja a tőlünk kapott legutóbbi e-mailben lévő hivatkozást.',
  resolved: 'Ez az ügy lezárult.',
};

const TEXT: Record<Locale, Text> = { en, nb, sv, nl, hu };

export function portalText(locale: Locale, key: keyof Text, vars: Record<string, string | number> = {}): string {
  return TEXT[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
