import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderMail } from '../mail/mail-templates';
import { describeSlot, describeWhen, paragraphsOf, stopRemindersUrl } from './message-mails';

const event = { timeZone: 'Europe/Paris' };
const base = { name: 'Camille <Martin>', eventTitle: 'Journée d’étude', eventDates: '12 mars 2030', link: 'https://amphi.example/me#tok' };

describe('the words of reminders, notices and messages', () => {
  it('says a time in the reader’s language and the event’s zone, with the zone named', () => {
    const at = new Date('2030-03-12T08:30:00Z');
    assert.equal(describeWhen(at, event, 'fr'), 'mardi 12 mars 2030, 09:30 (Europe/Paris)');
    assert.equal(describeWhen(at, event, 'en'), 'Tuesday 12 March 2030, 09:30 (Europe/Paris)');
    assert.equal(describeSlot({ startsAt: at, stage: 'Amphi A' }, event, 'en'), 'Tuesday 12 March 2030, 09:30 (Europe/Paris), Amphi A');
  });

  it('splits the organiser’s text into paragraphs at blank lines, joining the lines of one paragraph', () => {
    assert.deepEqual(paragraphsOf('First line\nsame paragraph.\n\n\n  Second.  \r\n\r\nThird.'), ['First line same paragraph.', 'Second.', 'Third.']);
    assert.deepEqual(paragraphsOf('   \n\n  '), []);
  });

  it('puts ?stop=reminders before the fragment of a personal link', () => {
    assert.equal(stopRemindersUrl('https://amphi.example/me#abc'), 'https://amphi.example/me?stop=reminders#abc');
  });

  it('renders the organiser’s own words as text, escaped in the HTML, with the personal link below', () => {
    const mail = renderMail('organiser_message', 'fr', { ...base, custom: { subject: 'Salle <b>A</b>\nchangée', paragraphs: ['Rendez-vous en <script>salle A</script>.', 'Merci.'] } });
    assert.equal(mail.subject, 'Salle <b>A</b> changée', 'one line');
    assert.match(mail.text, /^Bonjour Camille <Martin>,\n\nRendez-vous en <script>salle A<\/script>\.\n\nMerci\.\n\nVotre lien personnel ouvre votre espace pour cet événement\u00a0:\nhttps:\/\/amphi\.example\/me#tok/);
    assert.ok(!mail.html.includes('<script>'));
    assert.match(mail.html, /Rendez-vous en &lt;script&gt;salle A&lt;\/script&gt;\./);
  });

  it('gives a reminder its calendar and its stop link, in text and HTML, and leaves out a link it does not have', () => {
    const mail = renderMail('reminder_event', 'en', { ...base, eventStart: 'Tuesday 12 March 2030, 09:30 (Europe/Paris)', calendarLink: 'https://amphi.example/p.ics', stopLink: 'https://amphi.example/me?stop=reminders#tok' });
    assert.match(mail.text, /The programme, to add to your calendar \(\.ics\):\nhttps:\/\/amphi\.example\/p\.ics/);
    assert.match(mail.text, /One click stops them:\nhttps:\/\/amphi\.example\/me\?stop=reminders#tok/);
    assert.match(mail.html, /<a href="https:\/\/amphi\.example\/p\.ics"/);
    const bare = renderMail('reminder_session', 'fr', { ...base, sessionTitle: 'Plénière', sessionTime: 'mardi 12 mars 2030, 09:30 (Europe/Paris)', minutesBefore: 15 });
    assert.equal(bare.subject, 'Dans 15 minutes\u00a0: Plénière');
    assert.doesNotMatch(bare.text, /arrêter/, 'no stop link given: no sentence for it');
  });

  it('tells a chair they are in the programme, a registrant that they registered', () => {
    const params = { ...base, sessionTitle: 'Plenary', previousTime: 'a', newTime: 'b' };
    assert.match(renderMail('session_changed', 'en', { ...params, invited: true }).text, /listed you in its programme/);
    assert.match(renderMail('session_changed', 'en', params).text, /used to register/);
    assert.match(renderMail('session_cancelled', 'en', params).subject, /^Session cancelled: Plenary$/);
  });
});
