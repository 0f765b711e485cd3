import type { CallSettingsInput, CreateEventInput, LocalizedText, ProposalAuthor, SessionType } from '@amphi/contracts';

/**
 * Demo events built from the programme pages of the EXPEERTs research programme (Rennes 2 University,
 * ORSPERE Samdarra): the online study day of 21 January 2022 and the two-day conference of
 * 14–15 November 2019 with its three plenaries, their chairs and speakers. Times of day are not on
 * those pages; the ones below are plausible placeholders.
 */

export interface DemoPerson {
  key: string;
  name: string;
  affiliation?: string;
  title?: LocalizedText;
}

export interface DemoSession {
  type: SessionType;
  title: LocalizedText;
  description?: LocalizedText;
  startsAt: string;
  endsAt: string;
  chairs: string[];
  talks?: Array<{ title: LocalizedText; speakers: string[]; plannedMinutes: number }>;
  panelists?: string[];
  recorded?: boolean;
  /**
   * A published recording of the session, from the committed assets of that name in ./assets
   * (made by scripts/make-demo-recording.sh): its podcast file, transcript and chapters.
   */
  recording?: string;
}

/** A submitted proposal of the demo's call, from a submitter without an account. */
export interface DemoProposal {
  submitter: { name: string; email: string; affiliation: string; language: 'fr' | 'en' };
  typeKey: string;
  themeKey: string | null;
  title: string;
  abstract: string;
  keywords: string[];
  authors: ProposalAuthor[];
}

export interface DemoEvent {
  event: Omit<CreateEventInput, 'committees'>;
  /** The call for communications, as its organisers set it, and some proposals it received. */
  call?: { settings: CallSettingsInput; proposals: DemoProposal[] };
  people: DemoPerson[];
  /** Members in order; a role only where the programme names one (the committee's name already says they sit on it). */
  committees?: { organising?: Array<{ person: string; role?: LocalizedText }>; scientific?: Array<{ person: string; role?: LocalizedText }> };
  sessions: DemoSession[];
}

const studyDay2022: DemoEvent = {
  event: {
    slug: 'study-day-2022',
    title: {
      en: 'Does lived experience engender skills? Mutual aid and peer support',
      fr: "L'expérience vécue fait-elle la compétence ? Entraide et pair-aidance",
    },
    subtitle: { en: 'EXPEERTs – ORSPERE Samdarra online study day', fr: "Journée d'étude en ligne EXPEERTs – ORSPERE Samdarra" },
    description: {
      en:
        'Today, many people are convinced there is a direct causal link between lived experience and the skills required to support one’s peers. ' +
        'Experience should lead to knowledge and skills. However, nothing has been proven in this respect, no more than the opposite.\n\n' +
        'Two questions therefore arise: how does lived experience contribute to forging an ability to support one’s peers? ' +
        'Since life experience is not enough, what other qualities, skills and attitudes are needed to support one’s peers?\n\n' +
        'This study day is not intended to evaluate or judge recruitment criteria, or the choices made by sectors, institutions or employers. ' +
        'This scientific event aims to understand, produce knowledge, and shed light on the link between lived experience and the ability to support one’s peers.',
    },
    mainLanguage: 'fr',
    timeZone: 'Europe/Paris',
    startDate: '2022-01-21',
    endDate: '2022-01-21',
    format: 'online',
    venue: null,
    keywords: {
      en: ['peer support', 'lived experience', 'skills', 'mutual aid', 'experiential knowledge'],
      fr: ['pair-aidance', 'expérience vécue', 'compétences', 'entraide', 'savoirs expérientiels'],
    },
    contact: { name: 'Eve Gardien' },
  },
  people: [
    { key: 'gardien', name: 'Eve Gardien', affiliation: 'Rennes 2 University', title: { en: 'Sociologist, Senior Lecturer', fr: 'Sociologue, maîtresse de conférences' } },
    { key: 'chambon', name: 'Nicolas Chambon', affiliation: 'ORSPERE Samdarra National Observatory', title: { en: 'Sociologist, Scientific Director', fr: 'Sociologue, directeur scientifique' } },
  ],
  sessions: [
    {
      type: 'other',
      title: { en: 'Opening of the study day', fr: 'Ouverture de la journée' },
      startsAt: '2022-01-21T09:30',
      endsAt: '2022-01-21T09:45',
      chairs: ['gardien', 'chambon'],
    },
    {
      type: 'round_table',
      title: {
        en: 'How does lived experience contribute to forging an ability to support one’s peers?',
        fr: "Comment l'expérience vécue contribue-t-elle à forger une capacité à soutenir ses pairs ?",
      },
      startsAt: '2022-01-21T09:45',
      endsAt: '2022-01-21T12:30',
      chairs: ['gardien'],
      recorded: true,
    },
    { type: 'break', title: { en: 'Lunch break', fr: 'Pause déjeuner' }, startsAt: '2022-01-21T12:30', endsAt: '2022-01-21T14:00', chairs: [] },
    {
      type: 'round_table',
      title: {
        en: 'Since life experience is not enough, what other qualities, skills and attitudes are needed to support one’s peers?',
        fr: "L'expérience de vie ne suffisant pas, quelles autres qualités, compétences et attitudes faut-il pour soutenir ses pairs ?",
      },
      startsAt: '2022-01-21T14:00',
      endsAt: '2022-01-21T16:30',
      chairs: ['chambon'],
      recorded: true,
    },
  ],
};

const conference2019: DemoEvent = {
  event: {
    slug: 'expeerts-conference-2019',
    title: { en: 'Peer support: contemporary issues', fr: "L'accompagnement par les pairs : enjeux contemporains" },
    subtitle: { en: 'Health, disability, mental health', fr: 'Santé, handicap, santé mentale' },
    description: {
      en:
        'Since the 2010s, the participatory orientation of public policies has taken a new turn with the introduction of peers: actors newly recognised ' +
        'and legitimised by the public authorities in the name of their experiential knowledge. This conference examines the issues underlying the ' +
        'multiple practical forms of peer participation in the health, social and medico-social sectors as well as self-managed organisations. ' +
        'Its objective is to discern, define and qualify them, and to clarify their practical consequences. International case studies are also expected.',
      fr:
        "Depuis les années 2010, l'orientation participative des politiques publiques a pris un nouveau tournant avec l'introduction des pairs. " +
        "Ce colloque examine les enjeux des multiples formes pratiques de la participation des pairs dans les secteurs sanitaire, social et médico-social " +
        'ainsi que dans les organisations autogérées.',
    },
    mainLanguage: 'fr',
    timeZone: 'Europe/Paris',
    startDate: '2019-11-14',
    endDate: '2019-11-15',
    format: 'hybrid',
    venue: { name: 'Maison des Sciences de l’Homme de Bretagne (MSHB)', address: '2 avenue Gaston Berger', city: 'Rennes', country: 'France' },
    // In French on the call for communications (Calenda); the English list is their translation.
    keywords: {
      fr: ['santé', 'handicap', 'santé mentale', 'maladie chronique', 'pair', 'participation', 'politique publique'],
      en: ['health', 'disability', 'mental health', 'chronic illness', 'peer', 'participation', 'public policy'],
    },
    contact: { name: 'Eve Gardien', email: 'eve.gardien@univ-rennes2.fr' },
  },
  people: [
    { key: 'brossard', name: 'Baptiste Brossard', affiliation: 'Australian National University (Australia)', title: { en: 'Sociologist, Lecturer', fr: 'Sociologue, enseignant-chercheur' } },
    { key: 'zask', name: 'Joëlle Zask', affiliation: 'University of Provence', title: { en: 'Philosopher', fr: 'Philosophe' } },
    { key: 'genard', name: 'Jean-Louis Genard', affiliation: 'University of Mons (Belgium)', title: { en: 'Sociologist', fr: 'Sociologue' } },
    { key: 'dingwall', name: 'Robert Dingwall', affiliation: 'Nottingham Trent University (United Kingdom)', title: { en: 'Sociologist, Professor Emeritus', fr: 'Sociologue, professeur émérite' } },
    { key: 'jaeger', name: 'Marcel Jaeger', affiliation: 'CNAM', title: { en: 'Sociologist, professor emeritus', fr: 'Sociologue, professeur émérite' } },
    { key: 'gardien', name: 'Eve Gardien', affiliation: 'Rennes 2 University', title: { en: 'Sociologist, Senior Lecturer', fr: 'Sociologue, maîtresse de conférences' } },
    { key: 'laval', name: 'Christian Laval', affiliation: 'ESO-Rennes (UMR 6590)', title: { en: 'Sociologist, Associate Researcher', fr: 'Sociologue, chercheur associé' } },
    { key: 'demailly', name: 'Lise Demailly', affiliation: 'University of Lille', title: { en: 'Sociologist, professor emeritus', fr: 'Sociologue, professeure émérite' } },
    {
      key: 'bellamy',
      name: 'Chyrell Bellamy',
      affiliation: 'Yale School of Medicine, Department of Psychiatry, Yale University (USA)',
      title: { en: 'PhD, Associate Professor', fr: 'PhD, professeure associée' },
    },
    { key: 'bregain', name: 'Gildas Bregain', affiliation: 'EHESP', title: { en: 'Historian, CNRS Research Fellow', fr: 'Historien, chargé de recherche au CNRS' } },
    { key: 'cazal', name: 'Julien Cazal', affiliation: 'Rennes 2 University', title: { en: 'STAPS, Senior Lecturer', fr: 'STAPS, maître de conférences' } },
    { key: 'damamme', name: 'Aurélie Damamme', affiliation: 'University of Paris 8', title: { en: 'Sociologist, Senior Lecturer', fr: 'Sociologue, maîtresse de conférences' } },
    { key: 'groud', name: 'Paul-Fabien Groud', affiliation: 'University of Lyon – CNRS', title: { en: 'Anthropologist, PhD candidate', fr: 'Anthropologue, doctorant' } },
    { key: 'heas', name: 'Stéphane Héas', affiliation: 'Rennes 2 University', title: { en: 'STAPS, HDR Senior Lecturer', fr: 'STAPS, maître de conférences HDR' } },
    { key: 'jarno', name: 'Pascal Jarno', affiliation: 'ESO-Rennes (UMR 6590)', title: { en: 'Public Health Physician, Associate Researcher', fr: 'Médecin de santé publique, chercheur associé' } },
    { key: 'lamberts', name: 'Christine Lamberts', affiliation: 'University of Nantes', title: { en: 'Geographer, Research Engineer', fr: 'Géographe, ingénieure de recherche' } },
    { key: 'moreau', name: 'Delphine Moreau', affiliation: 'EHESP', title: { en: 'Sociologist, Professor-Researcher', fr: 'Sociologue, enseignante-chercheuse' } },
    { key: 'schnitzler', name: 'Marie Schnitzler', affiliation: 'University of Liège (Belgium)', title: { en: 'Sociologist', fr: 'Sociologue' } },
    { key: 'chambon', name: 'Nicolas Chambon', affiliation: 'ORSPERE Samdarra National Observatory', title: { en: 'Sociologist, Scientific Director', fr: 'Sociologue, directeur scientifique' } },
    { key: 'davidson', name: 'Larry Davidson', affiliation: 'School of Medicine, Yale University (USA)', title: { en: 'Psychiatrist, Professor of Psychiatry', fr: 'Psychiatre, professeur de psychiatrie' } },
    { key: 'garnoussi', name: 'Nadia Garnoussi', affiliation: 'University of Lille', title: { en: 'Sociologist, Senior Lecturer', fr: 'Sociologue, maîtresse de conférences' } },
    { key: 'klein', name: 'Alexandre Klein', affiliation: 'Université Laval (Canada)', title: { en: 'Historian', fr: 'Historien' } },
    { key: 'tourette', name: 'Catherine Tourette-Turgis', affiliation: 'CNAM', title: { en: 'Educational Sciences, Researcher', fr: 'Sciences de l’éducation, chercheuse' } },
    { key: 'solhdju', name: 'Katrin Solhdju', affiliation: 'University of Mons (Belgium)', title: { en: 'Philosopher, FNRS qualified researcher', fr: 'Philosophe, chercheuse qualifiée du FNRS' } },
  ],
  committees: {
    organising: ['bregain', 'cazal', 'damamme', 'gardien', 'groud', 'heas', 'jarno', 'lamberts', 'moreau', 'laval', 'schnitzler'].map((person) => ({ person })),
    scientific: [
      'bellamy', 'bregain', 'brossard', 'cazal', 'chambon', 'damamme', 'davidson', 'demailly', 'dingwall', 'gardien',
      'garnoussi', 'groud', 'heas', 'jarno', 'klein', 'laval', 'moreau', 'schnitzler', 'tourette', 'solhdju',
    ].map((person) => ({ person })),
  },
  // The call for communications of 2019 (Calenda): four areas of work as the workshop themes, an
  // abstract of at most 3,000 characters, an optional theme, submissions until 30 May 2019. The
  // proposals below are invented (fictional authors, example.org addresses) to show the organisers' list.
  call: {
    settings: {
      published: true,
      opensAt: '2019-02-15T09:00:00+01:00',
      closesAt: '2019-05-30T23:59:00+02:00',
      editableUntil: null,
      argument: {
        en: 'This conference examines the issues underlying the multiple practical forms of peer participation in the health, social and medico-social sectors as well as self-managed organisations. International case studies are also expected.',
        fr: 'Ce colloque examine les enjeux des multiples formes pratiques de la participation des pairs dans les secteurs sanitaire, social et médico-social ainsi que dans les organisations autogérées. Des études de cas internationales sont également attendues.',
      },
      instructions: {
        en: 'A title, an abstract (at most 3,000 characters) and, if you wish, one of the workshop themes. The abstract describes the presentation: subject, data used, analysis, results and main references. Video presentations are accepted in exceptional cases only.',
        fr: 'Un titre, un résumé (3 000 caractères au plus) et, si vous le souhaitez, l’un des thèmes d’ateliers. Le résumé décrit la présentation : sujet traité, données utilisées, analyse, résultats et principales références. Les présentations en vidéo ne sont acceptées qu’exceptionnellement.',
      },
      themes: [
        {
          key: 'actors',
          title: { en: 'The actors and their interactions', fr: 'Les acteurs et leurs interactions' },
          description: {
            en: 'Accompanying and/or accompanied peers, professionals from the relevant sectors, close relations, institutions and politicians.',
            fr: 'Pairs accompagnants et/ou accompagnés, professionnels des secteurs concernés, proches, institutions et politiques.',
          },
        },
        {
          key: 'environments',
          title: { en: 'Environments', fr: 'Les environnements' },
          description: {
            en: 'Facilitators and/or obstacles, resources or shortages, in public policy, public action, organisation, partnerships and collaborations.',
            fr: 'Facilitateurs et/ou obstacles, ressources ou manques, en matière de politiques publiques, d’action publique, d’organisation, de partenariats et de collaborations.',
          },
        },
        { key: 'aims', title: { en: 'The aims and practical effects of peer participation', fr: 'Les finalités et les effets pratiques de la participation des pairs' } },
        {
          key: 'recognition',
          title: { en: 'Recognition', fr: 'La reconnaissance' },
          description: {
            en: 'Of the specificity of the peer relationship, of support practices, capacities and skills, identities; its concrete and symbolic consequences (training, status, remuneration).',
            fr: 'De la spécificité de la relation de pair, des pratiques d’accompagnement, des capacités et compétences, des identités ; ses conséquences concrètes et symboliques (formation, statut, rémunération).',
          },
        },
      ],
      types: [{ key: 'communication', title: { en: 'Paper', fr: 'Communication' }, limit: { unit: 'characters', max: 3000 } }],
      fields: { keywords: true, theme: false },
      questions: [],
      maxProposalsPerSubmitter: null,
      reviewersPerProposal: 2,
      anonymousReview: false,
      criteria: [
        { key: 'relevance', label: { en: 'Relevance to the call', fr: 'Pertinence pour l’appel' }, weight: 1 },
        { key: 'rigour', label: { en: 'Scientific rigour', fr: 'Rigueur scientifique' }, weight: 2 },
      ],
    },
    proposals: [
      {
        submitter: { name: 'Camille Roussel', email: 'camille.roussel@example.org', affiliation: 'Université de Nantes', language: 'fr' },
        typeKey: 'communication',
        themeKey: 'recognition',
        title: 'Devenir médiateur de santé pair : une reconnaissance à construire',
        abstract:
          'À partir d’entretiens menés auprès de quinze médiateurs de santé pairs formés entre 2012 et 2018, cette communication interroge ce que la professionnalisation fait à la relation de pair : statut, rémunération, place dans les équipes. Nous montrons comment la reconnaissance institutionnelle se négocie au quotidien.',
        keywords: ['pair-aidance', 'professionnalisation', 'santé mentale'],
        authors: [
          { name: 'Camille Roussel', affiliation: 'Université de Nantes', presenting: true },
          { name: 'Yanis Ferrand', affiliation: 'EHESP', presenting: false },
        ],
      },
      {
        submitter: { name: 'Morgan Hale', email: 'morgan.hale@example.org', affiliation: 'University of Leeds (United Kingdom)', language: 'en' },
        typeKey: 'communication',
        themeKey: 'environments',
        title: 'Peer support groups online: what changes when the room is a forum',
        abstract:
          'Drawing on two years of observation in three online peer support forums for people living with chronic illness, this paper examines how the technical environment shapes who speaks, who listens and what counts as experiential knowledge.',
        keywords: ['peer support', 'online communities', 'chronic illness'],
        authors: [{ name: 'Morgan Hale', affiliation: 'University of Leeds (United Kingdom)', presenting: true }],
      },
      {
        submitter: { name: 'Léa Marchand', email: 'lea.marchand@example.org', affiliation: 'Université Rennes 2', language: 'fr' },
        typeKey: 'communication',
        themeKey: 'actors',
        title: 'Pairs, proches et professionnels dans un club de sport adapté',
        abstract:
          'Une enquête ethnographique dans un club de sport adapté montre comment pairs, proches et éducateurs se répartissent l’accompagnement des nouveaux venus, et ce que cette répartition doit aux trajectoires de chacun.',
        keywords: ['activités physiques adaptées', 'pair-aidance'],
        authors: [{ name: 'Léa Marchand', affiliation: 'Université Rennes 2', presenting: true }],
      },
    ],
  },
  sessions: [
    {
      type: 'plenary',
      title: { en: 'Plenary session – Citizens in a changing society', fr: 'Séance plénière – Citoyens dans une société en mutation' },
      startsAt: '2019-11-14T09:30',
      endsAt: '2019-11-14T11:00',
      chairs: ['brossard'],
      recorded: true,
      // The chair's words between the two talks, said by espeak-ng (assets/plenary.fr.txt).
      recording: 'plenary',
      talks: [
        { title: { en: 'Elements for a culture of participation', fr: 'Éléments pour une culture de la participation' }, speakers: ['zask'], plannedMinutes: 40 },
        {
          title: { en: 'The anthropological horizon of new social policies', fr: "L'horizon anthropologique des nouvelles politiques sociales" },
          speakers: ['genard'],
          plannedMinutes: 40,
        },
      ],
    },
    { type: 'break', title: { en: 'Lunch break', fr: 'Pause déjeuner' }, startsAt: '2019-11-14T12:30', endsAt: '2019-11-14T14:00', chairs: [] },
    {
      type: 'plenary',
      title: { en: 'Plenary session – From citizen participation to peer support', fr: 'Séance plénière – De la participation citoyenne à la pair-aidance' },
      startsAt: '2019-11-14T14:00',
      endsAt: '2019-11-14T15:30',
      chairs: ['dingwall'],
      recorded: true,
      talks: [
        {
          title: {
            en: 'The participation of people supported/cared for in France: expected effects, effects produced',
            fr: 'La participation des personnes accompagnées/soignées en France : effets attendus, effets produits',
          },
          speakers: ['jaeger'],
          plannedMinutes: 40,
        },
        {
          title: { en: 'Peer support: context effects, public policy effects', fr: 'Pair-aidance : effets de contexte, effets de politiques publiques' },
          speakers: ['gardien', 'laval'],
          plannedMinutes: 40,
        },
      ],
    },
    {
      type: 'plenary',
      title: {
        en: 'Plenary session – Peer support and accompaniment: the contemporary challenge of professionalization',
        fr: "Séance plénière – Pair-aidance et accompagnement : l'enjeu contemporain de la professionnalisation",
      },
      startsAt: '2019-11-15T09:30',
      endsAt: '2019-11-15T11:00',
      chairs: ['gardien'],
      recorded: true,
      talks: [
        {
          title: {
            en: 'Professionalization of peer support in mental health in France: objectives and challenges',
            fr: 'La professionnalisation de la pair-aidance en santé mentale en France : objectifs et enjeux',
          },
          speakers: ['demailly'],
          plannedMinutes: 40,
        },
        {
          title: {
            en: 'Experiences of professionalizing peer support: Should human experience be professionalized? Build the link between lived experience and acquired experience',
          },
          speakers: ['bellamy'],
          plannedMinutes: 40,
        },
      ],
    },
  ],
};

export const DEMO_EVENTS: DemoEvent[] = [studyDay2022, conference2019];
