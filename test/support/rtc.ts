import { AudioFrame, AudioSource, LocalAudioTrack, Room, TrackPublishOptions, TrackSource, type LocalTrackPublication } from '@livekit/rtc-node';
import { within } from './wait';

/**
 * A real LiveKit participant (@livekit/rtc-node) for the end-to-end tests, connected with a
 * token from Amphi's join endpoint, able to publish a microphone that sends silence.
 */
export class RtcParticipant {
  readonly room = new Room();
  private readonly sources: AudioSource[] = [];
  private feeds: NodeJS.Timeout[] = [];

  async connect(serverUrl: string, token: string): Promise<this> {
    await within('connect to LiveKit', 15_000, this.room.connect(serverUrl, token, { autoSubscribe: true, dynacast: false }));
    return this;
  }

  /** Publishes a microphone (10 ms frames of silence); rejects when the server refuses (rtc-node waits 10 s for it). */
  async publishMicrophone(name = 'microphone'): Promise<LocalTrackPublication> {
    const source = new AudioSource(48_000, 1);
    this.sources.push(source);
    const track = LocalAudioTrack.createAudioTrack(name, source);
    const publication = await within('publish a microphone', 20_000, this.room.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE })));
    this.feeds.push(setInterval(() => void source.captureFrame(new AudioFrame(new Int16Array(480), 48_000, 1, 480)).catch(() => undefined), 10));
    return publication;
  }

  get canPublish(): boolean {
    return this.room.localParticipant?.info.permission?.canPublish === true;
  }

  async close(): Promise<void> {
    this.feeds.forEach(clearInterval);
    this.feeds = [];
    if (this.room.isConnected) await this.room.disconnect().catch(() => undefined);
    await Promise.all(this.sources.splice(0).map((s) => s.close().catch(() => undefined)));
  }
}
