import i18next, { type TFunction } from 'i18next';

/**
 * The e-mails Amphi sends, in French and English. The wording lives in i18next resources
 * below; renderMail() assembles a plain-text and an HTML version from the same sentences.
 *
 * HTML: the sentences are plain text (no markup in the resources); every piece, including
 * what was interpolated into it (names and titles come from users), is escaped when the
 * HTML is built, so nothing a registrant types can become markup.
 */
export type MailTemplate =
  | 'registration_confirmed'
  | 'registration_waitlisted'
  | 'registration_promoted'
  | 'registration_cancelled'
  | 'link_resent'
  | 'invitation'
  | 'reminder_event'
  | 'reminder_session'
  | 'session_changed'
  | 'session_cancelled'
  | 'organiser_message'
  | 'co_organiser_invitation'
  | 'co_organiser_added'
  | 'call_submitter_link'
  | 'call_proposal_received'
  | 'call_reviewer_assigned'
  | 'call_review_reminder'
  | 'call_decision_accepted'
  | 'call_decision_accepted_as_poster'
  | 'call_decision_rejected'
  | 'call_confirmation_reminder';

export type MailLanguage = 'fr' | 'en';

export interface MailParams {
  /** The recipient's name, as they gave it. */
  name: string;
  /** The event's title in the mail's language. */
  eventTitle: string;
  /** The event's dates, already formatted in the mail's language and the event's zone ("12 mars 2026"). */
  eventDates: string;
  /**
   * The personal link (the person's space). For `registration_cancelled` the personal link no
   * longer works: pass the event's public page, where one can register again, or '' to leave the
   * link out (an empty link is left out of any mail, with the sentence that introduces it).
   */
  link: string;
  /** 1-based; for `registration_waitlisted`. */
  waitlistPosition?: number;
  /** For `invitation`: `chair`, `speaker`, `panelist` are translated; anything else is shown as given. */
  roles?: string[];
  /** For `invitation`: the link is new and the one sent before no longer works (the organiser replaced it). */
  replacesEarlierLink?: boolean;
  /** For `reminder_event`: when the event starts, formatted in the mail's language and the event's zone. */
  eventStart?: string;
  /** For `reminder_session`, `session_changed`, `session_cancelled`: the session's title in the mail's language. */
  sessionTitle?: string;
  /** For `reminder_session`: its start, formatted. */
  sessionTime?: string;
  minutesBefore?: number;
  /** For the notices: the session's time and stage before and after. */
  previousTime?: string;
  newTime?: string;
  /** For `reminder_event`: the programme as .ics. */
  calendarLink?: string;
  /** For reminders: one click stops them (through the personal link). */
  stopLink?: string;
  /** For the notices: the person is in the programme (chair, speaker, panelist) rather than registered. */
  invited?: boolean;
  /** For `organiser_message`: the organiser's subject and paragraphs, in the mail's language. */
  custom?: { subject: string; paragraphs: string[] };
  /** For `co_organiser_*`: who invited or added the person. */
  inviterName?: string;
  /** For `co_organiser_invitation`: until when the link works, already formatted in the mail's language. */
  expiresAt?: string;
  /** For the call's mails: the proposal's title (as its submitter wrote it). */
  proposalTitle?: string;
  /** For `call_reviewer_assigned`, `call_review_reminder`: how many proposals (new ones, or still to review). */
  count?: number;
  /** For the call's mails: a deadline (the reviews', the confirmation's), already formatted in the mail's language and the event's zone. */
  deadline?: string;
  /** For `call_decision_*`: the organisers' message, in their own words. */
  organiserMessage?: string;
  /** For `call_decision_*`: the reviewers' comments to the authors, each as written, never who wrote it. */
  reviewerComments?: string[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What one template says, in order; each entry is a key of the resources below. */
/** A key of the resources below, or the organiser's own words (`{ literal }`), which are not translated. */
type Sentence = string | { literal: string };

interface Layout {
  subject: Sentence;
  /** Paragraphs before the link. */
  before: Sentence[];
  /** The sentence that introduces the link. */
  linkIntro: string;
  /** Paragraphs after the link. */
  after: string[];
  /** Whether the link is the personal one (then the "do not share it" notice is added). */
  personal: boolean;
  /** Why the person receives this mail. */
  reason: string;
  /** Further links after the paragraphs (the programme's calendar, stopping reminders), each with its sentence. */
  links?: Array<{ intro: string; url: string | undefined }>;
}

const LAYOUTS: Record<MailTemplate, (p: MailParams) => Layout> = {
  registration_confirmed: () => ({
    subject: 'confirmed.subject',
    before: ['confirmed.intro'],
    linkIntro: 'space.linkIntro',
    after: ['space.uses', 'space.keep'],
    personal: true,
    reason: 'reason.registered',
  }),
  registration_waitlisted: (p) => ({
    subject: 'waitlisted.subject',
    before: [p.waitlistPosition ? 'waitlisted.intro' : 'waitlisted.introNoPosition', 'waitlisted.next'],
    linkIntro: 'space.linkIntro',
    after: ['waitlisted.uses', 'space.keep'],
    personal: true,
    reason: 'reason.registered',
  }),
  registration_promoted: () => ({
    subject: 'promoted.subject',
    before: ['promoted.intro'],
    linkIntro: 'space.linkIntro',
    after: ['space.uses', 'promoted.cannotCome', 'space.keep'],
    personal: true,
    reason: 'reason.registered',
  }),
  registration_cancelled: () => ({
    subject: 'cancelled.subject',
    before: ['cancelled.intro', 'cancelled.revoked'],
    linkIntro: 'cancelled.linkIntro',
    after: [],
    personal: false,
    reason: 'reason.registered',
  }),
  link_resent: () => ({
    subject: 'resent.subject',
    before: ['resent.intro'],
    linkIntro: 'space.linkIntro',
    after: ['space.uses', 'resent.notYou'],
    personal: true,
    reason: 'reason.registered',
  }),
  invitation: (p) => ({
    subject: 'invitation.subject',
    before: [p.roles?.length ? 'invitation.introWithRoles' : 'invitation.intro'],
    linkIntro: 'invitation.linkIntro',
    after: [...(p.replacesEarlierLink ? ['invitation.replaces'] : []), 'invitation.uses', 'invitation.questions'],
    personal: true,
    reason: 'reason.invited',
  }),
  // Not `personal`: that notice speaks of a participant's space; this link makes an organiser account, once.
  co_organiser_invitation: () => ({
    subject: 'coOrganiser.inviteSubject',
    before: ['coOrganiser.inviteIntro'],
    linkIntro: 'coOrganiser.inviteLinkIntro',
    after: ['coOrganiser.inviteOnce'],
    personal: false,
    reason: 'reason.coOrganiserInvited',
  }),
  co_organiser_added: () => ({
    subject: 'coOrganiser.addedSubject',
    before: ['coOrganiser.addedIntro'],
    linkIntro: 'coOrganiser.addedLinkIntro',
    after: [],
    personal: false,
    reason: 'reason.coOrganiserAdded',
  }),
  reminder_event: (p) => ({
    subject: 'reminderEvent.subject',
    before: ['reminderEvent.intro'],
    linkIntro: 'reminder.linkIntro',
    after: ['reminder.uses'],
    personal: true,
    reason: 'reason.registered',
    links: [
      { intro: 'reminderEvent.calendar', url: p.calendarLink },
      { intro: 'reminder.stop', url: p.stopLink },
    ],
  }),
  reminder_session: (p) => ({
    subject: 'reminderSession.subject',
    before: ['reminderSession.intro'],
    linkIntro: 'reminderSession.linkIntro',
    after: [],
    personal: true,
    reason: 'reason.registered',
    links: [{ intro: 'reminder.stop', url: p.stopLink }],
  }),
  session_changed: (p) => ({
    subject: 'changed.subject',
    before: ['changed.intro', 'changed.before', 'changed.now'],
    linkIntro: 'reminder.linkIntro',
    after: ['changed.service'],
    personal: true,
    reason: p.invited ? 'reason.invited' : 'reason.registered',
  }),
  session_cancelled: (p) => ({
    subject: 'sessionCancelled.subject',
    before: ['sessionCancelled.intro'],
    linkIntro: 'reminder.linkIntro',
    after: ['changed.service'],
    personal: true,
    reason: p.invited ? 'reason.invited' : 'reason.registered',
  }),
  // The organiser's own words, as they wrote them in the recipient's language.
  organiser_message: (p) => ({
    subject: { literal: p.custom?.subject ?? '' },
    before: (p.custom?.paragraphs ?? []).map((literal) => ({ literal })),
    linkIntro: 'space.linkIntro',
    after: [],
    personal: true,
    reason: 'reason.registered',
  }),
  call_submitter_link: () => ({
    subject: 'call.linkSubject',
    before: ['call.linkIntroText'],
    linkIntro: 'call.linkIntro',
    after: ['call.linkUses'],
    personal: true,
    reason: 'reason.submitter',
  }),
  call_proposal_received: (p) => ({
    subject: 'call.receivedSubject',
    before: ['call.receivedIntro', p.deadline ? 'call.receivedEditUntil' : 'call.receivedNext'],
    linkIntro: 'call.linkIntro',
    after: [],
    personal: true,
    reason: 'reason.submitter',
  }),
  call_reviewer_assigned: (p) => ({
    subject: 'call.assignedSubject',
    before: ['call.assignedIntro', ...(p.deadline ? ['call.assignedDeadline'] : [])],
    linkIntro: 'call.reviewLinkIntro',
    after: ['call.reviewConflict'],
    personal: true,
    reason: 'reason.reviewer',
  }),
  call_review_reminder: () => ({
    subject: 'call.reviewReminderSubject',
    before: ['call.reviewReminderIntro'],
    linkIntro: 'call.reviewLinkIntro',
    after: [],
    personal: true,
    reason: 'reason.reviewer',
  }),
  call_decision_accepted: (p) => decisionLayout(p, 'call.acceptedSubject', 'call.acceptedIntro', true),
  call_decision_accepted_as_poster: (p) => decisionLayout(p, 'call.posterSubject', 'call.posterIntro', true),
  call_decision_rejected: (p) => decisionLayout(p, 'call.rejectedSubject', 'call.rejectedIntro', false),
  call_confirmation_reminder: (p) => ({
    subject: 'call.confirmReminderSubject',
    before: ['call.confirmReminderIntro', ...(p.deadline ? ['call.confirmBy'] : [])],
    linkIntro: 'call.confirmLinkIntro',
    after: ['call.confirmOneClick'],
    personal: true,
    reason: 'reason.submitter',
  }),
};

/**
 * A decision on a proposal: the organisers' message and the reviewers' comments as written, then the
 * link. An acceptance asks for a confirmation, with a subject that cannot be mistaken for the
 * acknowledgement ("[Action required]"): speakers missed it when both looked alike (pretalx#2789).
 */
function decisionLayout(p: MailParams, subject: string, intro: string, confirm: boolean): Layout {
  const comments = p.reviewerComments?.filter((c) => c.trim()) ?? [];
  return {
    subject,
    before: [
      intro,
      ...(p.organiserMessage?.trim() ? ['call.messageIntro', { literal: p.organiserMessage.trim() }] : []),
      ...(comments.length ? ['call.commentsIntro', ...comments.map((c) => ({ literal: c.trim() }))] : []),
      ...(confirm ? ['call.confirmAsk', ...(p.deadline ? ['call.confirmBy'] : [])] : []),
    ],
    linkIntro: confirm ? 'call.confirmLinkIntro' : 'call.linkIntro',
    after: confirm ? ['call.confirmOneClick'] : [],
    personal: true,
    reason: 'reason.submitter',
  };
}

const resources = {
  en: {
    mail: {
      greeting: 'Hello {{name}},',
      greetingNoName: 'Hello,',
      signOff: 'See you soon,',
      signature: 'The organising team, through Amphi',
      confirmed: {
        subject: 'Registration confirmed: {{eventTitle}}',
        intro: 'Your registration for {{eventTitle}} ({{eventDates}}) is confirmed.',
      },
      waitlisted: {
        subject: 'Waiting list: {{eventTitle}}',
        intro: '{{eventTitle}} ({{eventDates}}) is full for now, so you are on the waiting list, in position {{position}}.',
        introNoPosition: '{{eventTitle}} ({{eventDates}}) is full for now, so you are on the waiting list.',
        next: 'If a seat is freed, your registration will be confirmed automatically, in order of arrival, and we will write to you at once. There is nothing else to do.',
        uses: 'There you can see your place on the waiting list, or withdraw if you no longer wish to come.',
      },
      promoted: {
        subject: 'A seat is yours: {{eventTitle}}',
        intro: 'Good news: a seat has been freed for {{eventTitle}} ({{eventDates}}), and your registration is now confirmed.',
        cannotCome: 'If you can no longer come, please cancel from your space: the seat will go to the next person waiting.',
      },
      cancelled: {
        subject: 'Registration cancelled: {{eventTitle}}',
        intro: 'Your registration for {{eventTitle}} ({{eventDates}}) is cancelled, as you asked. Your seat is free for someone else.',
        revoked: 'Your personal link no longer opens anything.',
        linkIntro: 'If this was a mistake, you can register again from the event page:',
      },
      resent: {
        subject: 'Your personal link: {{eventTitle}}',
        intro: 'This address was used to register again for {{eventTitle}} ({{eventDates}}), or to ask for the link again. You are already registered: here is your personal link.',
        notYou: 'If you did not ask for it, you can ignore this message: the link was sent to you alone.',
      },
      invitation: {
        subject: 'Your personal link for {{eventTitle}}',
        intro: 'You are taking part in {{eventTitle}} ({{eventDates}}).',
        introWithRoles: 'You are taking part in {{eventTitle}} ({{eventDates}}) as {{roles}}.',
        linkIntro: 'Your personal link opens your space for this event:',
        uses: 'There you will find your sessions and, on the day, the backstage where chairs and speakers meet before going live, then the live room itself.',
        questions: 'For any question about the programme, reply to the organisers through the contact given on the event page.',
        replaces: 'This link replaces the one sent to you before, which no longer works.',
      },
      coOrganiser: {
        inviteSubject: '{{inviterName}} invites you to co-organise {{eventTitle}}',
        inviteIntro: '{{inviterName}} invites you to organise {{eventTitle}} ({{eventDates}}) with them on Amphi: its programme, people, registrations and recordings.',
        inviteLinkIntro: 'To accept, choose your name and a password on this page:',
        inviteOnce: 'The link works once, until {{expiresAt}}. Do not forward this message: whoever uses the link becomes an organiser of the event.',
        addedSubject: 'You now co-organise {{eventTitle}}',
        addedIntro: '{{inviterName}} added you to the organisers of {{eventTitle}} ({{eventDates}}). The event is in your list when you sign in to Amphi with this address.',
        addedLinkIntro: 'Its organiser pages:',
      },
      space: {
        linkIntro: 'Your personal link opens your space for this event:',
        uses: 'From your space you can join the sessions when they open, ask questions, see or delete your data, and cancel your registration if you can no longer come.',
        keep: 'Keep this message: you will need the link on the day.',
      },
      personal: {
        notice: 'This link is personal: it is the only way into your space, and it works without a password. Do not share it or forward this message. Anyone else who wishes to attend should register themselves.',
      },
      reason: {
        registered: 'You receive this message because this address was used to register for {{eventTitle}}.',
        invited: 'You receive this message because the organisers of {{eventTitle}} listed you in its programme.',
        coOrganiserInvited: 'You receive this message because {{inviterName}} entered this address as a co-organiser of {{eventTitle}}. If you do not expect it, ignore it: nothing happens without you.',
        coOrganiserAdded: 'You receive this message because this address has an organiser account on Amphi.',
        submitter: 'You receive this message because this address was used to propose communications to {{eventTitle}}.',
        reviewer: 'You receive this message because the organisers of {{eventTitle}} named you to its scientific committee.',
      },
      roles: { chair: 'chair', speaker: 'speaker', panelist: 'panellist' },
      reminder: {
        linkIntro: 'Your personal link opens your space for this event:',
        uses: 'From your space you join each session when its room opens, and you can ask questions there.',
        stop: 'No more reminders for this event? One click stops them:',
      },
      reminderEvent: {
        subject: 'Reminder: {{eventTitle}}, {{eventStart}}',
        intro: '{{eventTitle}} begins on {{eventStart}}.',
        calendar: 'The programme, to add to your calendar (.ics):',
      },
      reminderSession: {
        subject: 'In {{minutes}} minutes: {{sessionTitle}}',
        intro: '{{sessionTitle}} ({{eventTitle}}) begins on {{sessionTime}}.',
        linkIntro: 'Join it from your space:',
      },
      changed: {
        subject: 'Programme change: {{sessionTitle}}',
        intro: 'A session of {{eventTitle}} has moved: {{sessionTitle}}.',
        before: 'It was planned on {{previousTime}}.',
        now: 'It now takes place on {{newTime}}.',
        service: 'This notice is sent to everyone taking part in the session.',
      },
      sessionCancelled: {
        subject: 'Session cancelled: {{sessionTitle}}',
        intro: '{{sessionTitle}}, planned on {{previousTime}} in {{eventTitle}}, is cancelled.',
      },
      call: {
        linkSubject: 'Your link to propose communications: {{eventTitle}}',
        linkIntroText: 'You asked to propose communications to {{eventTitle}} ({{eventDates}}).',
        linkIntro: 'Your personal link opens your proposals: write them, save drafts, submit them, follow them:',
        linkUses: 'No account or password is needed: keep this message to come back to your proposals until the call closes.',
        receivedSubject: 'Proposal received: {{proposalTitle}}',
        receivedIntro: 'Your proposal “{{proposalTitle}}” for {{eventTitle}} is submitted. This message only acknowledges it: the committee has not decided yet.',
        receivedEditUntil: 'You can still change or withdraw it until {{deadline}}.',
        receivedNext: 'You will be told of the committee’s decision by e-mail.',
        assignedSubject: '{{count}} proposals to review: {{eventTitle}}',
        assignedIntro: '{{count}} proposals for {{eventTitle}} are now assigned to you for review.',
        assignedDeadline: 'Reviews are due by {{deadline}}.',
        reviewLinkIntro: 'Your personal link opens the proposals to review:',
        reviewConflict: 'If you have a conflict of interest with one of them, declare it there: it will be given to someone else.',
        reviewReminderSubject: 'Reminder: {{count}} reviews due {{deadline}}',
        reviewReminderIntro: '{{count}} of the proposals assigned to you for {{eventTitle}} still wait for your review, due by {{deadline}}.',
        acceptedSubject: '[Action required] Your proposal is accepted: {{proposalTitle}}',
        acceptedIntro: 'The committee of {{eventTitle}} accepted your proposal “{{proposalTitle}}”.',
        posterSubject: '[Action required] Your proposal is accepted as a poster: {{proposalTitle}}',
        posterIntro: 'The committee of {{eventTitle}} accepted your proposal “{{proposalTitle}}” as a poster.',
        rejectedSubject: 'Decision on your proposal: {{proposalTitle}}',
        rejectedIntro: 'The committee of {{eventTitle}} could not accept your proposal “{{proposalTitle}}”. Thank you for proposing it.',
        messageIntro: 'The organisers’ message:',
        commentsIntro: 'The reviewers’ comments:',
        confirmAsk: 'Please confirm that you will present it: until you do, it is not in the programme.',
        confirmBy: 'Please confirm by {{deadline}}.',
        confirmLinkIntro: 'Confirm (or decline) with one click from your personal link:',
        confirmOneClick: 'If you can no longer present it, say so from the same page: the organisers will be told at once.',
        confirmReminderSubject: '[Action required] Reminder: confirm your communication: {{proposalTitle}}',
        confirmReminderIntro: 'Your proposal “{{proposalTitle}}” was accepted for {{eventTitle}}, and you have not confirmed yet that you will present it.',
      },
    },
  },
  fr: {
    mail: {
      greeting: 'Bonjour {{name}},',
      greetingNoName: 'Bonjour,',
      signOff: 'À bientôt,',
      signature: "L'équipe d'organisation, avec Amphi",
      confirmed: {
        subject: 'Inscription confirmée\u00a0: {{eventTitle}}',
        intro: 'Votre inscription à {{eventTitle}} ({{eventDates}}) est confirmée.',
      },
      waitlisted: {
        subject: "Liste d'attente\u00a0: {{eventTitle}}",
        intro: "{{eventTitle}} ({{eventDates}}) est complet pour l'instant\u00a0: vous êtes sur la liste d'attente, en position {{position}}.",
        introNoPosition: "{{eventTitle}} ({{eventDates}}) est complet pour l'instant\u00a0: vous êtes sur la liste d'attente.",
        next: "Si une place se libère, votre inscription sera confirmée automatiquement, dans l'ordre d'arrivée, et nous vous écrirons aussitôt. Vous n'avez rien d'autre à faire.",
        uses: "Vous pourrez y suivre votre place sur la liste d'attente, ou vous retirer si vous ne souhaitez plus venir.",
      },
      promoted: {
        subject: "Une place s'est libérée\u00a0: {{eventTitle}}",
        intro: "Bonne nouvelle\u00a0: une place s'est libérée pour {{eventTitle}} ({{eventDates}}) et votre inscription est maintenant confirmée.",
        cannotCome: 'Si vous ne pouvez plus venir, merci d’annuler depuis votre espace\u00a0: la place ira à la personne suivante sur la liste.',
      },
      cancelled: {
        subject: 'Inscription annulée\u00a0: {{eventTitle}}',
        intro: "Votre inscription à {{eventTitle}} ({{eventDates}}) est annulée, comme vous l'avez demandé. Votre place est libérée pour quelqu'un d'autre.",
        revoked: "Votre lien personnel n'ouvre plus rien.",
        linkIntro: "S'il s'agit d'une erreur, vous pouvez vous réinscrire depuis la page de l'événement\u00a0:",
      },
      resent: {
        subject: 'Votre lien personnel\u00a0: {{eventTitle}}',
        intro: 'Cette adresse a été utilisée pour s’inscrire de nouveau à {{eventTitle}} ({{eventDates}}), ou pour redemander le lien. Votre inscription existe déjà\u00a0: voici votre lien personnel.',
        notYou: "Si vous n'êtes pas à l'origine de cette demande, vous pouvez ignorer ce message\u00a0: le lien n'a été envoyé qu'à vous.",
      },
      invitation: {
        subject: 'Votre lien personnel pour {{eventTitle}}',
        intro: 'Vous participez à {{eventTitle}} ({{eventDates}}).',
        introWithRoles: 'Vous participez à {{eventTitle}} ({{eventDates}}) en tant que {{roles}}.',
        linkIntro: 'Votre lien personnel ouvre votre espace pour cet événement\u00a0:',
        uses: 'Vous y trouverez vos séances et, le jour venu, les coulisses où présidences de séance et intervenant·es se retrouvent avant le direct, puis la salle en direct.',
        questions: "Pour toute question sur le programme, écrivez à l'équipe d'organisation à l'adresse indiquée sur la page de l'événement.",
        replaces: 'Ce lien remplace celui qui vous a été envoyé auparavant, qui ne fonctionne plus.',
      },
      coOrganiser: {
        inviteSubject: '{{inviterName}} vous invite à co-organiser {{eventTitle}}',
        inviteIntro: '{{inviterName}} vous invite à organiser avec elle ou lui {{eventTitle}} ({{eventDates}}) sur Amphi\u00a0: son programme, ses intervenant·es, ses inscriptions et ses enregistrements.',
        inviteLinkIntro: 'Pour accepter, choisissez votre nom et un mot de passe sur cette page\u00a0:',
        inviteOnce: "Le lien ne sert qu'une fois, jusqu'au {{expiresAt}}. Ne transférez pas ce message\u00a0: quiconque utilise le lien devient organisateur ou organisatrice de l'événement.",
        addedSubject: 'Vous co-organisez désormais {{eventTitle}}',
        addedIntro: "{{inviterName}} vous a ajouté·e à l'équipe d'organisation de {{eventTitle}} ({{eventDates}}). L'événement figure dans votre liste quand vous vous connectez à Amphi avec cette adresse.",
        addedLinkIntro: 'Ses pages d’organisation\u00a0:',
      },
      space: {
        linkIntro: 'Votre lien personnel ouvre votre espace pour cet événement\u00a0:',
        uses: 'Depuis votre espace, vous pourrez rejoindre les séances dès leur ouverture, poser vos questions, consulter ou supprimer vos données, et annuler votre inscription si vous ne pouvez plus venir.',
        keep: 'Gardez ce message\u00a0: le lien vous servira le jour même.',
      },
      personal: {
        notice: "Ce lien est personnel\u00a0: c'est la seule porte d'entrée vers votre espace, et il fonctionne sans mot de passe. Ne le partagez pas et ne transférez pas ce message. Toute autre personne souhaitant participer doit s'inscrire elle-même.",
      },
      reason: {
        registered: 'Vous recevez ce message parce que cette adresse a été utilisée pour une inscription à {{eventTitle}}.',
        invited: "Vous recevez ce message parce que l'équipe d'organisation de {{eventTitle}} vous a inscrit·e au programme.",
        coOrganiserInvited: "Vous recevez ce message parce que {{inviterName}} a saisi cette adresse pour co-organiser {{eventTitle}}. Si vous ne vous y attendiez pas, ignorez-le\u00a0: rien ne se fait sans vous.",
        coOrganiserAdded: 'Vous recevez ce message parce que cette adresse a un compte organisateur sur Amphi.',
        submitter: 'Vous recevez ce message parce que cette adresse a été utilisée pour proposer des communications à {{eventTitle}}.',
        reviewer: 'Vous recevez ce message parce que l’équipe d’organisation de {{eventTitle}} vous a nommé·e à son comité scientifique.',
      },
      roles: { chair: 'président·e de séance', speaker: 'intervenant·e', panelist: 'discutant·e' },
      reminder: {
        linkIntro: 'Votre lien personnel ouvre votre espace pour cet événement\u00a0:',
        uses: 'Depuis votre espace, vous rejoignez chaque séance dès l’ouverture de sa salle, et vous pouvez y poser vos questions.',
        stop: 'Plus de rappels pour cet événement\u00a0? Un clic suffit pour les arrêter\u00a0:',
      },
      reminderEvent: {
        subject: 'Rappel\u00a0: {{eventTitle}}, {{eventStart}}',
        intro: '{{eventTitle}} commence le {{eventStart}}.',
        calendar: 'Le programme, à ajouter à votre agenda (.ics)\u00a0:',
      },
      reminderSession: {
        subject: 'Dans {{minutes}} minutes\u00a0: {{sessionTitle}}',
        intro: '{{sessionTitle}} ({{eventTitle}}) commence le {{sessionTime}}.',
        linkIntro: 'Rejoignez-la depuis votre espace\u00a0:',
      },
      changed: {
        subject: 'Changement de programme\u00a0: {{sessionTitle}}',
        intro: 'Une séance de {{eventTitle}} a changé d’horaire\u00a0: {{sessionTitle}}.',
        before: 'Elle était prévue le {{previousTime}}.',
        now: 'Elle a désormais lieu le {{newTime}}.',
        service: 'Cet avis est envoyé à toutes les personnes qui participent à la séance.',
      },
      sessionCancelled: {
        subject: 'Séance annulée\u00a0: {{sessionTitle}}',
        intro: '{{sessionTitle}}, prévue le {{previousTime}} dans {{eventTitle}}, est annulée.',
      },
      call: {
        linkSubject: 'Votre lien pour proposer des communications\u00a0: {{eventTitle}}',
        linkIntroText: 'Vous avez demandé à proposer des communications pour {{eventTitle}} ({{eventDates}}).',
        linkIntro: 'Votre lien personnel ouvre vos propositions\u00a0: rédigez-les, enregistrez vos brouillons, soumettez-les, suivez-les\u00a0:',
        linkUses: 'Ni compte ni mot de passe\u00a0: gardez ce message pour revenir à vos propositions jusqu’à la clôture de l’appel.',
        receivedSubject: 'Proposition reçue\u00a0: {{proposalTitle}}',
        receivedIntro: 'Votre proposition «\u00a0{{proposalTitle}}\u00a0» pour {{eventTitle}} est soumise. Ce message en accuse seulement réception\u00a0: le comité n’a pas encore statué.',
        receivedEditUntil: 'Vous pouvez encore la modifier ou la retirer jusqu’au {{deadline}}.',
        receivedNext: 'La décision du comité vous sera communiquée par courriel.',
        assignedSubject: '{{count}} propositions à évaluer\u00a0: {{eventTitle}}',
        assignedIntro: '{{count}} propositions pour {{eventTitle}} vous sont maintenant confiées pour évaluation.',
        assignedDeadline: 'Les évaluations sont attendues avant le {{deadline}}.',
        reviewLinkIntro: 'Votre lien personnel ouvre les propositions à évaluer\u00a0:',
        reviewConflict: 'Si vous avez un conflit d’intérêts avec l’une d’elles, déclarez-le sur cette page\u00a0: elle sera confiée à quelqu’un d’autre.',
        reviewReminderSubject: 'Rappel\u00a0: {{count}} évaluations attendues avant le {{deadline}}',
        reviewReminderIntro: '{{count}} des propositions qui vous sont confiées pour {{eventTitle}} attendent encore votre évaluation, avant le {{deadline}}.',
        acceptedSubject: '[Action requise] Votre proposition est acceptée\u00a0: {{proposalTitle}}',
        acceptedIntro: 'Le comité de {{eventTitle}} a accepté votre proposition «\u00a0{{proposalTitle}}\u00a0».',
        posterSubject: '[Action requise] Votre proposition est acceptée sous forme de poster\u00a0: {{proposalTitle}}',
        posterIntro: 'Le comité de {{eventTitle}} a accepté votre proposition «\u00a0{{proposalTitle}}\u00a0» sous forme de poster.',
        rejectedSubject: 'Décision sur votre proposition\u00a0: {{proposalTitle}}',
        rejectedIntro: 'Le comité de {{eventTitle}} n’a pas pu retenir votre proposition «\u00a0{{proposalTitle}}\u00a0». Merci de l’avoir proposée.',
        messageIntro: 'Le message de l’équipe d’organisation\u00a0:',
        commentsIntro: 'Les commentaires des évaluateurs et évaluatrices\u00a0:',
        confirmAsk: 'Merci de confirmer que vous la présenterez\u00a0: tant que vous ne l’avez pas fait, elle n’est pas au programme.',
        confirmBy: 'Merci de confirmer avant le {{deadline}}.',
        confirmLinkIntro: 'Confirmez (ou déclinez) en un clic depuis votre lien personnel\u00a0:',
        confirmOneClick: 'Si vous ne pouvez plus la présenter, dites-le depuis la même page\u00a0: l’équipe d’organisation en sera aussitôt avertie.',
        confirmReminderSubject: '[Action requise] Rappel\u00a0: confirmez votre communication\u00a0: {{proposalTitle}}',
        confirmReminderIntro: 'Votre proposition «\u00a0{{proposalTitle}}\u00a0» a été acceptée pour {{eventTitle}}, et vous n’avez pas encore confirmé que vous la présenterez.',
      },
    },
  },
} as const;

/** Every sentence, per language: exported so that a test holds French and English to the same keys (i18next would quietly fill a missing one in English). */
export const MAIL_TEXTS = resources;

// One instance of our own (not the global one), initialised synchronously with every string.
const translator = i18next.createInstance();
void translator.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['fr', 'en'],
  ns: ['mail'],
  defaultNS: 'mail',
  initAsync: false,
  // Plain text in, plain text out: escaping for HTML happens once, in html() below.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Names (and anything else interpolated) arrive from users: no line breaks may reach a header or break the layout. */
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();

function roleList(t: TFunction, language: MailLanguage, roles: string[]): string {
  const names = roles.map((role) => {
    const key = `roles.${role}`;
    return translator.exists(key, { lng: language }) ? t(key) : oneLine(role);
  });
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format([...new Set(names)]);
}

/** Subject, plain text and HTML of one e-mail, in `language`. */
export function renderMail(template: MailTemplate, language: MailLanguage, params: MailParams): RenderedMail {
  const lng: MailLanguage = language === 'fr' ? 'fr' : 'en';
  const t = translator.getFixedT(lng);
  const layout = LAYOUTS[template](params);
  const values = {
    name: oneLine(params.name),
    eventTitle: oneLine(params.eventTitle),
    eventDates: oneLine(params.eventDates),
    position: params.waitlistPosition ?? '',
    roles: params.roles?.length ? roleList(t, lng, params.roles) : '',
    eventStart: oneLine(params.eventStart ?? ''),
    sessionTitle: oneLine(params.sessionTitle ?? ''),
    sessionTime: oneLine(params.sessionTime ?? ''),
    minutes: params.minutesBefore ?? '',
    previousTime: oneLine(params.previousTime ?? ''),
    newTime: oneLine(params.newTime ?? ''),
    inviterName: oneLine(params.inviterName ?? ''),
    expiresAt: oneLine(params.expiresAt ?? ''),
    proposalTitle: oneLine(params.proposalTitle ?? ''),
    count: params.count ?? '',
    deadline: oneLine(params.deadline ?? ''),
  };
  const say = (sentence: Sentence) => (typeof sentence === 'string' ? (t(sentence, values) as string) : sentence.literal);
  const link = oneLine(params.link);

  // A subject is one line, whoever wrote it.
  const subject = oneLine(say(layout.subject));
  // An address invited to co-organise has no name yet: "Hello," rather than "Hello ,".
  const greeting = values.name ? say('greeting') : say('greetingNoName');
  const before = layout.before.map(say);
  const linkIntro = say(layout.linkIntro);
  const after = layout.after.map(say);
  const notice = layout.personal ? say('personal.notice') : undefined;
  const closing = [say('signOff'), say('signature')];
  const reason = say(layout.reason);
  const links = (layout.links ?? []).flatMap(({ intro, url }) => (url ? [{ intro: say(intro), url: oneLine(url) }] : []));

  const text = [
    greeting,
    ...before,
    ...(link ? [`${linkIntro}\n${link}`] : []),
    ...after,
    ...links.map((l) => `${l.intro}\n${l.url}`),
    ...(notice ? [notice] : []),
    closing.join('\n'),
    // The usual signature separator, "-- ", so that mail clients can tell the footer apart.
    '-- ',
    reason,
  ].join('\n\n') + '\n';

  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  // The address is also the link's visible text, so it can be copied when the link cannot be followed.
  const a = (url: string) => `<p style="margin:0 0 16px"><a href="${escapeHtml(url)}" style="color:#0b4f9c;text-decoration:underline;word-break:break-all">${escapeHtml(url)}</a></p>`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${lng}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a">',
    '<main style="max-width:600px;margin:0 auto;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    p(greeting),
    ...before.map(p),
    ...(link
      ? [
          p(linkIntro),
          a(link),
        ]
      : []),
    ...after.map(p),
    ...links.flatMap((l) => [p(l.intro), a(l.url)]),
    ...(notice ? [`<p style="margin:0 0 16px;padding:12px;border-left:4px solid #8a5a00;background:#fff8e6"><strong>${escapeHtml(notice)}</strong></p>`] : []),
    `<p style="margin:0 0 16px">${closing.map(escapeHtml).join('<br>')}</p>`,
    `<hr style="border:none;border-top:1px solid #cccccc;margin:24px 0 12px">`,
    `<p style="margin:0;font-size:14px;color:#4d4d4d">${escapeHtml(reason)}</p>`,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');

  return { subject, text, html };
}
