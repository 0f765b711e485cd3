import { Inject, Injectable } from '@nestjs/common';
import {
  AccessToken,
  EgressClient,
  EncodedFileOutput,
  EncodedFileType,
  RoomServiceClient,
  S3Upload,
  WebhookReceiver,
  type ParticipantInfo,
  type ParticipantPermission,
  type VideoGrant,
  type WebhookEvent,
} from 'livekit-server-sdk';
import { ErrorCode, type NotFoundResource } from '@amphi/contracts';
import { Conflict, DomainError, NotFound, Unauthenticated } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** LiveKit is not configured (production without a key pair), or does not answer. */
export class LiveUnavailable extends DomainError {
  /** `cause`: what LiveKit said, for the log line (the person reads the code's text). */
  constructor(readonly cause?: string) {
    super(503, ErrorCode.LiveUnavailable);
  }
}

/** Recording is impossible now: no egress worker is configured, or none answers in time. */
export class RecordingUnavailable extends DomainError<typeof ErrorCode.RecordingUnavailable> {
  constructor(reason: 'disabled' | 'no_worker', readonly cause?: string) {
    super(503, ErrorCode.RecordingUnavailable, { reason });
  }
}

/**
 * The one place that speaks to LiveKit (its server SDK): minting tokens, changing a
 * participant's rights, muting, removing, closing a room, and checking webhooks.
 */
@Injectable()
export class LiveKitService {
  private readonly rooms?: RoomServiceClient;
  private readonly egress?: EgressClient;
  private readonly webhooks?: WebhookReceiver;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const credentials = config.live.credentials;
    if (credentials) {
      this.rooms = new RoomServiceClient(config.live.apiUrl, credentials.apiKey, credentials.apiSecret);
      // LiveKit waits 10 s for an egress worker before giving up; a chair should not wait that long to learn that recording is impossible.
      this.egress = new EgressClient(config.live.apiUrl, credentials.apiKey, credentials.apiSecret, { requestTimeout: config.live.egress.timeoutSeconds });
      this.webhooks = new WebhookReceiver(credentials.apiKey, credentials.apiSecret);
    }
  }

  get serverUrl(): string {
    return this.config.live.url;
  }

  /** Whether this server records rooms at all (an egress worker is configured, RECORDING_EGRESS). */
  get canRecord(): boolean {
    return this.config.live.egress.enabled && !!this.config.live.credentials;
  }

  async token(input: { identity: string; name: string; metadata: Record<string, unknown>; grant: VideoGrant }): Promise<{ token: string; expiresAt: Date }> {
    const { apiKey, apiSecret } = this.credentials();
    const ttlSeconds = this.config.live.tokenTtlMinutes * 60;
    const token = new AccessToken(apiKey, apiSecret, { identity: input.identity, name: input.name, metadata: JSON.stringify(input.metadata), ttl: ttlSeconds });
    token.addGrant(input.grant);
    return { token: await token.toJwt(), expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
  }

  async participants(room: string): Promise<ParticipantInfo[]> {
    try {
      return await this.roomService().listParticipants(room);
    } catch (error) {
      if (status(error) === 404) return []; // no room yet: nobody in it
      throw this.unavailable(error);
    }
  }

  /** Permissions are replaced as a whole (LiveKit's rule), so the caller gives all of them. */
  async setPermissions(room: string, identity: string, permission: Partial<ParticipantPermission>): Promise<void> {
    await this.call(() => this.roomService().updateParticipant(room, identity, { permission }), 'participant');
  }

  async mute(room: string, identity: string, trackSid: string, muted: boolean): Promise<void> {
    // LiveKit answers 503 ("no response from servers") to a mute for someone who is not in the room
    // or a track they do not publish: look for them first, so that such input is a 404, not a 503.
    let tracks: string[] = [];
    await this.call(async () => (tracks = (await this.roomService().getParticipant(room, identity)).tracks.map((t) => t.sid)), 'participant');
    if (!tracks.includes(trackSid)) throw new NotFound('participant');
    await this.call(() => this.roomService().mutePublishedTrack(room, identity, trackSid, muted), 'participant');
  }

  /** Disconnects them and invalidates every token they were given until now. */
  async remove(room: string, identity: string): Promise<void> {
    await this.call(() => this.roomService().removeParticipant(room, identity, { revokeTokenTs: BigInt(Math.floor(Date.now() / 1000)) }), null);
  }

  /** Ends the room for everyone. */
  async close(room: string): Promise<void> {
    await this.call(() => this.roomService().deleteRoom(room), null);
  }

  /** 503 RECORDING_UNAVAILABLE at once when this server has no recording service, before anything is written. */
  assertCanRecord(): void {
    this.credentials();
    if (!this.config.live.egress.enabled)
      throw new RecordingUnavailable('disabled');
  }

  /**
   * Records a room through LiveKit Egress: a composite video (MP4) or the sound alone (OGG, for
   * the podcast), written to `storageKey` in Amphi's storage — the same S3 bucket when S3 is
   * configured, else the egress worker's folder mounted where Amphi keeps its files.
   */
  async startRecording(room: string, storageKey: string, audioOnly: boolean): Promise<string> {
    this.assertCanRecord();
    const s3 = this.config.storage.s3;
    const file = new EncodedFileOutput({
      fileType: audioOnly ? EncodedFileType.OGG : EncodedFileType.MP4,
      filepath: s3 ? `${s3.prefix}${storageKey}` : `${this.config.live.egressOutputDir}/${storageKey}`,
      ...(s3
        ? {
            output: {
              case: 's3',
              value: new S3Upload({ bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint ?? '', accessKey: s3.accessKeyId ?? '', secret: s3.secretAccessKey ?? '', forcePathStyle: s3.forcePathStyle }),
            },
          }
        : {}),
    });
    try {
      const info = await this.egress!.startRoomCompositeEgress(room, file, { layout: 'speaker', audioOnly });
      return info.egressId;
    } catch (error) {
      // LiveKit refuses to record a room nobody has entered yet ("requested room does not exist").
      if (/room does not exist/i.test((error as Error).message)) throw new Conflict(ErrorCode.RecordingRoomEmpty);
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      throw new RecordingUnavailable(
        'no_worker',
        timedOut
          ? `No recording service answered within ${this.config.live.egress.timeoutSeconds} s: check that a LiveKit Egress worker is connected to the LiveKit server (see the README).`
          : `LiveKit could not start recording: ${(error as Error).message}. Recording needs a LiveKit Egress worker connected to the LiveKit server (see the README).`,
      );
    }
  }

  async stopRecording(egressId: string): Promise<void> {
    this.credentials();
    try {
      await this.egress!.stopEgress(egressId);
    } catch (error) {
      if (status(error) === 404 || status(error) === 412) return; // already over
      throw this.unavailable(error);
    }
  }

  /** Checks the signature of a webhook on its raw body; refuses anything else. */
  async receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent> {
    if (!this.webhooks) throw new LiveUnavailable('LiveKit is not configured.');
    if (!authorization) throw new Unauthenticated(ErrorCode.WebhookRejected, { reason: 'missing_signature' });
    try {
      return await this.webhooks.receive(rawBody, authorization);
    } catch {
      throw new Unauthenticated(ErrorCode.WebhookRejected, { reason: 'bad_signature' });
    }
  }

  private credentials() {
    const credentials = this.config.live.credentials;
    if (!credentials) throw new LiveUnavailable('Live rooms are not configured on this server (LIVEKIT_API_KEY and LIVEKIT_API_SECRET).');
    return credentials;
  }

  private roomService(): RoomServiceClient {
    this.credentials();
    return this.rooms!;
  }

  /** Runs a LiveKit call; a 404 becomes ours (or nothing when `notFound` is null: already gone). */
  private async call(run: () => Promise<unknown>, notFound: NotFoundResource | null): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (status(error) === 404) {
        if (notFound === null) return;
        throw new NotFound(notFound);
      }
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    return new LiveUnavailable(`LiveKit did not answer as expected: ${(error as Error).message}`);
  }
}

const status = (error: unknown): number | undefined => (error as { status?: number })?.status;
