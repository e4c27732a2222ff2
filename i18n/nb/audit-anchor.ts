import type { Messages } from '../catalogue.ts';

export default {
  subject: 'Revisjonsanker for {day}: oppføring {seq}',
  preheader: 'Ta vare på denne e-posten: med den kan du senere bevise at revisjonsloggen ikke er kuttet eller skrevet om.',
  heading: 'Dagens anker for revisjonsloggen',
  greeting: 'Hei {name},',
  greetingFallback: 'Hei,',
  intro: 'Dette er den nyeste oppføringen i revisjonsloggen til {organisation} per {day}. Ta vare på denne e-posten utenfor tidings.',
  anchorLabel: 'Anker',
  intact: 'Kjeden ble kontrollert da ankeret ble tatt: alle ledd holder.',
  broken: 'Kjeden ble kontrollert da ankeret ble tatt, og den er BRUTT. Åpne revisjonssiden og kontroller integriteten nå.',
  howTo: 'For å kontrollere loggen senere, skriv inn ankeret på revisjonssiden, eller kjør: tidings audit verify --anchor {anchor}. Hvis oppføringen mangler eller har en annen hash, er loggen endret etter i dag.',
  link: 'Åpne revisjonsloggen',
  footer: 'Du får denne én gang om dagen fordi du er revisor i tidings.',
} satisfies Messages['auditAnchor'];
