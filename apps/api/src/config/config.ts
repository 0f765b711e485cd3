import { z } from 'zod';

/**
 * Every environment variable Amphi reads, with its default. Validated once at boot:
 * a bad or missing value stops the process with one message listing all of them.
 * The README's configuration table mirrors this schema.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const port = z.coerce.number().int().min(1).max(65535);

export const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    /** The address people use, for links in e-mails and calendars. */
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is unset. */
    EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
    EMBEDDED_PG_PORT: port.default(54329),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** Secret that signs API access tokens. Required in production; generated and kept in .data/ otherwise. */
    AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    ACCESS_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(12 * 60),
    /** Lifetime of the access token a personal link is exchanged for. */
    PARTICIPANT_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
    /** Created at start when no organiser has this e-mail. */
    ORGANISER_EMAIL: z.email().optional(),
    ORGANISER_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
    ORGANISER_NAME: z.string().min(1).optional(),
    /** Load the demo events on an empty database. */
    DEMO_DATA: bool.optional(),
    STORAGE_DIR: z.string().min(1).default('.data/storage'),
    /** Files (recordings…) in this S3 bucket instead of STORAGE_DIR; unset: the local folder. */
    S3_BUCKET: z.string().regex(/^[^/\s]+$/, 'a bucket name (no slashes or spaces)').optional(),
    /** An S3-compatible server (MinIO, Ceph, Garage, R2…); unset: AWS S3 in S3_REGION. */
    S3_ENDPOINT: z.string().regex(/^https?:\/\/[^/]/, 'must be an http:// or https:// URL').optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    /** Both or neither; neither: the AWS SDK's default chain (AWS_* variables, profile, instance or task role). */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addresses (endpoint/bucket/key), which MinIO and most self-hosted servers need. */
    S3_FORCE_PATH_STYLE: bool.default(false),
    /** Prepended to every object key, e.g. `amphi/` to share a bucket. */
    S3_PREFIX: z.string().default(''),
    /** Largest recording an organiser may upload. */
    MAX_RECORDING_MB: z.coerce.number().int().min(1).max(100_000).default(4096),
    MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10_000).default(50),
    /** Browser origins allowed to call the API (comma-separated); same origin always is. */
    CORS_ORIGINS: z.string().default(''),
    WEB_DIST_DIR: z.string().default('apps/web/dist'),
    /** Login attempts per client address per minute, and per e-mail address per 15 minutes. */
    RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_LOGIN_PER_EMAIL: z.coerce.number().int().min(1).default(10),
    /** Personal links opened (POST /api/access) per client address per minute. */
    RATE_LIMIT_ACCESS_PER_IP: z.coerce.number().int().min(1).default(300),
    /** Registering again re-sends the link at most once per this many seconds. */
    LINK_RESEND_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    /** Registration attempts per client address per minute, and per e-mail address per hour. */
    RATE_LIMIT_REGISTRATION_PER_IP: z.coerce.number().int().min(1).default(30),
    RATE_LIMIT_REGISTRATION_PER_EMAIL: z.coerce.number().int().min(1).default(5),
    /** How often the retention job looks for personal data to erase. */
    RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).default(60),
    /** Outgoing mail server, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465; unset: the mailbox folder. */
    SMTP_URL: z.string().regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL').optional(),
    MAIL_FROM: z.string().min(3).default('Amphi <no-reply@localhost>'),
    /** Without SMTP_URL, each mail is written here as an .eml file (and listed at /api/dev/mailbox outside production). */
    MAILBOX_DIR: z.string().min(1).default('.data/mailbox'),
    /** How often the sender looks at the outbox (it is also woken as soon as a mail is queued). */
    MAIL_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
    /** Attempts before a mail is marked failed; retries back off from MAIL_RETRY_BASE_MS, doubling, up to an hour. */
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
    MAIL_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5000),
    /** How often the reminders' scheduler looks for due reminders, change notices and messages. */
    MESSAGES_TICK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** Edits of a session within this many seconds make one change notice, with the final state. */
    CHANGE_NOTICE_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /** Realtime (socket.io): how rooms are shared between API processes. Default: redis when REDIS_URL is set, else postgres. */
    REALTIME_ADAPTER: z.enum(['postgres', 'redis', 'memory']).optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
    /** Q&A limits and window. */
    QA_QUESTIONS_PER_MINUTE: z.coerce.number().int().min(1).default(5),
    QA_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(20),
    QA_OPEN_EARLY_MINUTES: z.coerce.number().int().min(0).default(15),
    QA_STAY_OPEN_MINUTES: z.coerce.number().int().min(0).default(0),
    /** Vote counts are broadcast at most once per this many milliseconds per session. */
    QA_VOTE_FLUSH_MS: z.coerce.number().int().min(10).max(10_000).default(250),
    /** A join's snapshot holds at most this many approved questions (the rest is paged). */
    QA_SNAPSHOT_QUESTIONS: z.coerce.number().int().min(10).max(1000).default(100),
    /** A rejoin replays at most this many changed questions; beyond, the client gets a fresh snapshot. */
    QA_SYNC_MAX_CHANGES: z.coerce.number().int().min(10).max(5000).default(200),
    /** Joins one process works on at once; the others wait in a queue of QA_JOIN_QUEUE, beyond which they are told to come back (BUSY). */
    QA_JOIN_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
    QA_JOIN_QUEUE: z.coerce.number().int().min(0).max(100_000).default(5000),
    /** How often a process tells its Q&A clients the head seq of their sessions (a lost broadcast is then noticed). */
    QA_HEAD_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    /** On SIGTERM: clients are asked to reconnect spread over this many seconds; then requests in flight finish (at most as long again). */
    SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
    /** LiveKit: the address browsers connect to (ws:// or wss://), and the API's own address for it when different. */
    LIVEKIT_URL: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL').default('ws://127.0.0.1:7880'),
    LIVEKIT_API_URL: z.string().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
    /** LiveKit's key pair; outside production the defaults are those of `livekit-server --dev`. */
    LIVEKIT_API_KEY: z.string().min(1).optional(),
    LIVEKIT_API_SECRET: z.string().min(1).optional(),
    LIVE_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(10).default(10),
    LIVE_BACKSTAGE_OPEN_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(30),
    LIVE_DOORS_OPEN_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(10),
    LIVE_OVERRUN_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(60),
    /**
     * Whether a LiveKit Egress worker records the rooms. Default: disabled outside production when
     * LIVEKIT_URL is unset (the development LiveKit server has none), enabled otherwise.
     */
    RECORDING_EGRESS: z.enum(['enabled', 'disabled']).optional(),
    /** How long starting a recording waits for LiveKit Egress before answering 503 (LiveKit's own wait is 10 s). */
    RECORDING_EGRESS_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(60).default(5),
    /** Where the egress worker writes recordings when there is no S3: the folder it shares with Amphi's STORAGE_DIR. */
    EGRESS_OUTPUT_DIR: z.string().min(1).default('/out'),
    /**
     * Background jobs (podcast audio, transcripts): 'on' runs them in this process; 'off' leaves them
     * to worker processes (`node dist/apps/api/cli.js worker`, docker-compose's worker service).
     */
    JOBS_WORKER: z.enum(['on', 'off']).default('on'),
    /** Jobs one process runs at once (ffmpeg and the transcriber each take the machine's cores). */
    JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
    /** How often an idle worker looks for queued jobs (it is also woken when a job is queued in this process). */
    JOBS_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
    /** A running job whose worker has not beaten for this long is taken up again by another (its worker died). */
    JOBS_STALE_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
    /** Retries wait this long, doubling at each attempt. */
    JOBS_RETRY_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
    /** ffmpeg and ffprobe (Debian's ffmpeg package). */
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    FFPROBE_PATH: z.string().min(1).default('ffprobe'),
    /** The podcast file: MP3 at this bitrate (kbit/s), normalised to this integrated loudness (LUFS). */
    PODCAST_BITRATE_KBPS: z.coerce.number().int().min(32).max(320).default(96),
    PODCAST_LOUDNESS_LUFS: z.coerce.number().min(-30).max(-10).default(-16),
    /**
     * The transcriber: a program given an audio file and a language that prints the segments as JSON
     * (tools/transcriber). Default: the venv scripts/install-transcriber.sh makes in ~/.cache/amphi;
     * 'off' makes no transcripts.
     */
    TRANSCRIBER_COMMAND: z.string().min(1).optional(),
    /** Threads the transcriber uses (0: every core). */
    TRANSCRIBER_THREADS: z.coerce.number().int().min(0).max(64).default(0),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  })
  .superRefine((env, ctx) => {
    if (!!env.LIVEKIT_API_KEY !== !!env.LIVEKIT_API_SECRET)
      ctx.addIssue({ code: 'custom', path: [env.LIVEKIT_API_KEY ? 'LIVEKIT_API_SECRET' : 'LIVEKIT_API_KEY'], message: 'LIVEKIT_API_KEY and LIVEKIT_API_SECRET go together' });
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET)
      ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'required in production (at least 32 random characters)' });
    if (!!env.ORGANISER_EMAIL !== !!env.ORGANISER_PASSWORD)
      ctx.addIssue({
        code: 'custom',
        path: [env.ORGANISER_EMAIL ? 'ORGANISER_PASSWORD' : 'ORGANISER_EMAIL'],
        message: 'ORGANISER_EMAIL and ORGANISER_PASSWORD go together',
      });
    if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY)
      ctx.addIssue({ code: 'custom', path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' });
    if (!env.S3_BUCKET && (env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID || env.S3_SECRET_ACCESS_KEY || env.S3_PREFIX))
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when other S3_ variables are set (without it, files go to STORAGE_DIR)' });
    // Run even when a variable above is invalid (zod skips refinements then), so every problem is listed at once.
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });

export type Environment = z.infer<typeof environmentSchema>;

export interface AppConfig {
  env: Environment['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  database: { url?: string; embeddedDir: string; embeddedPort: number; poolSize: number };
  auth: { secret?: string; accessTokenTtlMinutes: number; participantTokenTtlMinutes: number };
  firstOrganiser?: { email: string; password: string; name: string };
  demoData: boolean;
  storage: {
    dir: string;
    maxUploadBytes: number;
    /** Set when S3_BUCKET is: files go to that bucket (StorageModule then provides S3Storage). */
    s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean; prefix: string };
  };
  recordings: { maxUploadBytes: number };
  jobs: { worker: boolean; concurrency: number; pollMs: number; staleMs: number; retryBaseMs: number };
  media: { ffmpegPath: string; ffprobePath: string; podcastBitrateKbps: number; podcastLoudnessLufs: number; transcriberCommand?: string; transcriberThreads: number };
  corsOrigins: string[];
  webDistDir: string;
  rateLimits: { loginPerIpPerMinute: number; loginPerEmailPer15Minutes: number; accessPerIpPerMinute: number };
  registration: { linkResendIntervalSeconds: number; perIpPerMinute: number; perEmailPerHour: number; retentionSweepMinutes: number };
  mail: { smtpUrl?: string; from: string; mailboxDir: string; pollMs: number; maxAttempts: number; retryBaseMs: number };
  messages: { tickMs: number; changeNoticeDelaySeconds: number };
  realtime: { adapter: 'postgres' | 'redis' | 'memory'; redisUrl?: string; allowedOrigins: string[] };
  qa: {
    questionsPerMinute: number;
    eventsPerSecond: number;
    openEarlyMinutes: number;
    stayOpenMinutes: number;
    voteFlushMs: number;
    snapshotQuestions: number;
    syncMaxChanges: number;
    joinConcurrency: number;
    joinQueue: number;
    headIntervalMs: number;
  };
  /** Graceful stop: the window over which clients are asked to reconnect elsewhere. */
  shutdownDrainMs: number;
  live: {
    url: string;
    apiUrl: string;
    /** Unset in production without LIVEKIT_API_KEY/SECRET: live rooms then answer 503 (the dev pair is never used in production). */
    credentials?: { apiKey: string; apiSecret: string };
    tokenTtlMinutes: number;
    backstageOpenMinutes: number;
    doorsOpenMinutes: number;
    overrunMinutes: number;
    /** Recording through LiveKit Egress: off when no egress worker is there (starting one then answers 503 at once). */
    egress: { enabled: boolean; timeoutSeconds: number };
    egressOutputDir: string;
  };
  logLevel: Environment['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, as docker-compose passes `VAR=` for unset variables.
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    database: { url: e.DATABASE_URL, embeddedDir: e.EMBEDDED_PG_DIR, embeddedPort: e.EMBEDDED_PG_PORT, poolSize: e.DATABASE_POOL_SIZE },
    auth: { secret: e.AUTH_SECRET, accessTokenTtlMinutes: e.ACCESS_TOKEN_TTL_MINUTES, participantTokenTtlMinutes: e.PARTICIPANT_TOKEN_TTL_MINUTES },
    firstOrganiser: e.ORGANISER_EMAIL && e.ORGANISER_PASSWORD
      ? { email: e.ORGANISER_EMAIL.toLowerCase(), password: e.ORGANISER_PASSWORD, name: e.ORGANISER_NAME ?? e.ORGANISER_EMAIL }
      : undefined,
    demoData: e.DEMO_DATA ?? e.NODE_ENV === 'development',
    storage: {
      dir: e.STORAGE_DIR,
      maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
      s3: e.S3_BUCKET
        ? {
            bucket: e.S3_BUCKET,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            prefix: e.S3_PREFIX,
          }
        : undefined,
    },
    recordings: { maxUploadBytes: e.MAX_RECORDING_MB * 1024 * 1024 },
    jobs: { worker: e.JOBS_WORKER === 'on', concurrency: e.JOBS_CONCURRENCY, pollMs: e.JOBS_POLL_MS, staleMs: e.JOBS_STALE_SECONDS * 1000, retryBaseMs: e.JOBS_RETRY_SECONDS * 1000 },
    media: {
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      podcastBitrateKbps: e.PODCAST_BITRATE_KBPS,
      podcastLoudnessLufs: e.PODCAST_LOUDNESS_LUFS,
      transcriberCommand: e.TRANSCRIBER_COMMAND,
      transcriberThreads: e.TRANSCRIBER_THREADS,
    },
    corsOrigins: e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    webDistDir: e.WEB_DIST_DIR,
    rateLimits: { loginPerIpPerMinute: e.RATE_LIMIT_LOGIN_PER_IP, loginPerEmailPer15Minutes: e.RATE_LIMIT_LOGIN_PER_EMAIL, accessPerIpPerMinute: e.RATE_LIMIT_ACCESS_PER_IP },
    registration: {
      linkResendIntervalSeconds: e.LINK_RESEND_INTERVAL_SECONDS,
      perIpPerMinute: e.RATE_LIMIT_REGISTRATION_PER_IP,
      perEmailPerHour: e.RATE_LIMIT_REGISTRATION_PER_EMAIL,
      retentionSweepMinutes: e.RETENTION_SWEEP_MINUTES,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      mailboxDir: e.MAILBOX_DIR,
      pollMs: e.MAIL_POLL_MS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      retryBaseMs: e.MAIL_RETRY_BASE_MS,
    },
    messages: { tickMs: e.MESSAGES_TICK_MS, changeNoticeDelaySeconds: e.CHANGE_NOTICE_DELAY_SECONDS },
    realtime: {
      adapter: e.REALTIME_ADAPTER ?? (e.REDIS_URL ? 'redis' : 'postgres'),
      redisUrl: e.REDIS_URL,
      allowedOrigins: [...new Set([new URL(e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`).origin, ...e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)])],
    },
    qa: {
      questionsPerMinute: e.QA_QUESTIONS_PER_MINUTE,
      eventsPerSecond: e.QA_EVENTS_PER_SECOND,
      openEarlyMinutes: e.QA_OPEN_EARLY_MINUTES,
      stayOpenMinutes: e.QA_STAY_OPEN_MINUTES,
      voteFlushMs: e.QA_VOTE_FLUSH_MS,
      snapshotQuestions: e.QA_SNAPSHOT_QUESTIONS,
      syncMaxChanges: e.QA_SYNC_MAX_CHANGES,
      joinConcurrency: e.QA_JOIN_CONCURRENCY,
      joinQueue: e.QA_JOIN_QUEUE,
      headIntervalMs: e.QA_HEAD_INTERVAL_MS,
    },
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
    live: {
      url: e.LIVEKIT_URL.replace(/\/$/, ''),
      apiUrl: (e.LIVEKIT_API_URL ?? e.LIVEKIT_URL.replace(/^ws/, 'http')).replace(/\/$/, ''),
      credentials:
        e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
          ? { apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET }
          : e.NODE_ENV === 'production'
            ? undefined
            : { apiKey: 'devkey', apiSecret: 'secret' },
      tokenTtlMinutes: e.LIVE_TOKEN_TTL_MINUTES,
      backstageOpenMinutes: e.LIVE_BACKSTAGE_OPEN_MINUTES,
      doorsOpenMinutes: e.LIVE_DOORS_OPEN_MINUTES,
      overrunMinutes: e.LIVE_OVERRUN_MINUTES,
      egress: {
        enabled: (e.RECORDING_EGRESS ?? (e.NODE_ENV !== 'production' && raw.LIVEKIT_URL === undefined ? 'disabled' : 'enabled')) === 'enabled',
        timeoutSeconds: e.RECORDING_EGRESS_TIMEOUT_SECONDS,
      },
      egressOutputDir: e.EGRESS_OUTPUT_DIR.replace(/\/$/, ''),
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** Nest injection token for AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
