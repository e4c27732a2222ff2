import type { Messages } from '../catalogue.ts';

export default {
  pageTitle: 'Uppdateringar via mejl',
  heading: 'Uppdateringar om ”{situation}”',
  intro: 'Du får mejl från oss om det här ärendet eftersom du är kund hos oss. Välj vad du inte längre vill få.',
  stopSituation: 'Stoppa uppdateringar om det här ärendet',
  stopSituationHint: 'Vi håller dig fortfarande informerad om andra ärenden.',
  stopAll: 'Stoppa alla uppdateringar från oss',
  stopAllHint: 'Du får inga fler uppdateringar från oss, varken om det här ärendet eller något annat.',
  questions: 'Har du frågor? Svara på något av våra mejl så svarar din kontaktperson dig personligen.',
  doneSituation: 'Du får inte längre uppdateringar om ”{situation}”',
  thanks: 'Tack för att du hörde av dig.',
  ratherNothing: 'Vill du inte heller få andra uppdateringar från oss?',
  doneAll: 'Du får inte längre några uppdateringar från oss',
  invalidHeading: 'Länken fungerar inte',
  invalidText: 'Länken kan ha ändrats eller bara kopierats delvis. Öppna avregistreringslänken i något av våra mejl igen, eller svara på mejlet så hjälper vi dig.',
  expiredHeading: 'Länken har slutat gälla',
  expiredText: 'För din säkerhet fungerar länkarna i våra mejl bara under en begränsad tid. Använd länken i ett nyare mejl från oss, eller svara på något av våra mejl så hjälper vi dig.',
  recordLabel: 'Avregistrerad från',
  recordAll: 'Alla uppdateringar (sedan {date})',
  recordSituation: 'Uppdateringar om {situation} (sedan {date})',
} satisfies Messages['unsubscribe'];
