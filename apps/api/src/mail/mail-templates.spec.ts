import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderMail, type MailTemplate } from './mail-templates';

const TEMPLATES: MailTemplate[] = ['registration_confirmed', 'registration_waitlisted', 'registration_promoted', 'registration_cancelled', 'link_resent', 'invitation'];
const LINK = 'https://amphi.example.org/p/3q2-7wEjZkXYpXbqLxGnHg8uQ1tD0Vw4qk0yJm9fAaQ';
const params = {
  name: 'Camille Moreau',
  eventTitle: 'Rétablissement et pair-aidance',
  eventDates: '12 mars 2026',
  link: LINK,
  waitlistPosition: 4,
  roles: ['chair', 'speaker'],
};

describe('renderMail', () => {
  for (const language of ['fr', 'en'] as const) {
    for (const template of TEMPLATES) {
      it(`writes ${template} in ${language}: subject, plain text and HTML with the same content`, () => {
        const mail = renderMail(template, language, params);
        assert.ok(mail.subject.includes(params.eventTitle), 'the subject names the event');
        assert.doesNotMatch(mail.subject, /[\r\n]/);
        for (const body of [mail.text, mail.html]) {
          assert.ok(body.includes('Camille Moreau'), 'greets the person by name');
          assert.ok(body.includes(params.eventDates), 'says when');
          assert.ok(body.includes(LINK), 'carries the link');
          assert.doesNotMatch(body, /\{\{|\}\}|undefined|null|\b(confirmed|waitlisted|space|personal|reason)\.[a-z]/i, 'no missing string or key');
        }
        assert.match(mail.html, new RegExp(`<html lang="${language}">`));
        assert.ok(mail.html.includes(`<a href="${LINK}"`), 'the link is a link in HTML');
        assert.match(mail.html, /<title>.+<\/title>/);
      });
    }
  }

  it('speaks the language asked for', () => {
    const fr = renderMail('registration_confirmed', 'fr', params);
    const en = renderMail('registration_confirmed', 'en', params);
    assert.equal(fr.subject, 'Inscription confirmée\u00a0: Rétablissement et pair-aidance');
    assert.equal(en.subject, 'Registration confirmed: Rétablissement et pair-aidance');
    assert.match(fr.text, /^Bonjour Camille Moreau,/);
    assert.match(en.text, /^Hello Camille Moreau,/);
    assert.match(fr.text, /rejoindre les séances/);
    assert.match(en.text, /join the sessions/);
  });

  it('says what the link is for and that it must not be shared', () => {
    const en = renderMail('registration_confirmed', 'en', params).text;
    assert.match(en, /your space/);
    assert.match(en, /join the sessions/);
    assert.match(en, /cancel your registration/);
    assert.match(en, /Do not share it/);
    const fr = renderMail('registration_confirmed', 'fr', params).text;
    assert.match(fr, /annuler votre inscription/);
    assert.match(fr, /Ne le partagez pas/);
    for (const template of ['registration_waitlisted', 'registration_promoted', 'link_resent', 'invitation'] as const) {
      assert.match(renderMail(template, 'en', params).text, /Do not share it/, template);
      assert.match(renderMail(template, 'fr', params).html, /Ne le partagez pas/, template);
    }
  });

  it('gives the place on the waiting list, and words it without a place when none is known', () => {
    assert.match(renderMail('registration_waitlisted', 'en', params).text, /waiting list, in position 4\./);
    assert.match(renderMail('registration_waitlisted', 'fr', params).text, /liste d'attente, en position 4\./);
    const unknown = renderMail('registration_waitlisted', 'en', { ...params, waitlistPosition: undefined }).text;
    assert.match(unknown, /you are on the waiting list\./);
    assert.doesNotMatch(unknown, /position/);
  });

  it('names the roles of an invited chair or speaker, translated, and shows other roles as given', () => {
    assert.match(renderMail('invitation', 'en', params).text, /as chair and speaker\./);
    assert.match(renderMail('invitation', 'fr', params).text, /en tant que président·e de séance et intervenant·e\./);
    assert.match(renderMail('invitation', 'en', { ...params, roles: ['speaker', 'discussant of the round table'] }).text, /as speaker and discussant of the round table\./);
    assert.match(renderMail('invitation', 'en', { ...params, roles: [] }).text, /You are taking part in Rétablissement et pair-aidance \(12 mars 2026\)\./);
  });

  it('acknowledges a cancellation without the warning about a personal link, and may leave the link out', () => {
    const withPage = renderMail('registration_cancelled', 'en', { ...params, link: 'https://amphi.example.org/events/retablissement' });
    assert.match(withPage.text, /register again from the event page:\nhttps:\/\/amphi\.example\.org\/events\/retablissement/);
    assert.doesNotMatch(withPage.text, /Do not share/);
    const withoutLink = renderMail('registration_cancelled', 'fr', { ...params, link: '' });
    assert.match(withoutLink.text, /Votre inscription à Rétablissement et pair-aidance \(12 mars 2026\) est annulée/);
    assert.doesNotMatch(withoutLink.text, /réinscrire/);
    assert.doesNotMatch(withoutLink.html, /<a /);
  });

  it('escapes everything interpolated into the HTML, and keeps the plain text as typed', () => {
    const hostile = {
      ...params,
      name: '<script>alert("x")</script> & Co',
      eventTitle: 'Q&A <b>night</b>',
      eventDates: "l'été",
      link: 'https://amphi.example.org/p/abc?x=1&y="><img src=x onerror=alert(1)>',
      roles: ['<i>chair</i>'],
    };
    for (const language of ['fr', 'en'] as const) {
      for (const template of TEMPLATES) {
        const mail = renderMail(template, language, hostile);
        assert.doesNotMatch(mail.html, /<script|<img|<b>|<i>/, `${template}/${language}: no markup from the parameters`);
        assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'), `${template}/${language}: the name is shown, escaped`);
        assert.ok(mail.html.includes('href="https://amphi.example.org/p/abc?x=1&amp;y=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"'), 'the href cannot be closed');
        assert.ok(mail.text.includes('<script>alert("x")</script> & Co'), 'the text is as typed');
        assert.ok(mail.subject.includes('Q&A <b>night</b>'), 'the subject is text, not HTML');
      }
    }
    assert.ok(renderMail('invitation', 'en', hostile).html.includes('&lt;i&gt;chair&lt;/i&gt;'));
  });

  it('keeps line breaks typed into a name or title out of the subject', () => {
    const mail = renderMail('registration_confirmed', 'en', { ...params, eventTitle: 'Study day\r\nBcc: everyone@example.org' });
    assert.doesNotMatch(mail.subject, /[\r\n]/);
    assert.equal(mail.subject, 'Registration confirmed: Study day Bcc: everyone@example.org');
  });

  it('escapes the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
