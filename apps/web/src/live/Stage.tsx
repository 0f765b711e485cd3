import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionState, ParticipantEvent, Track, type Participant, type TrackPublication } from 'livekit-client';
import {
  LiveKitRoom,
  RoomAudioRenderer,
  StartAudio,
  VideoTrack,
  isTrackReference,
  useConnectionState,
  useIsMuted,
  useLocalParticipant,
  useLocalParticipantPermissions,
  useTrackToggle,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import type { LiveJoinView } from '@amphi/contracts';

/**
 * The room's media: LiveKit's React components, in this lazy chunk only. `onOccupied` tells the page
 * whether anyone publishes (the page gives the stage the room then, and the panels otherwise).
 * The room's div is a named group: a name on a div without a role is not allowed (axe aria-prohibited-attr).
 */
export function Stage({ join, onLeft, onOccupied }: { join: LiveJoinView; onLeft?: () => void; onOccupied?: (occupied: boolean) => void }) {
  const { t } = useTranslation('live');
  return (
    <LiveKitRoom serverUrl={join.serverUrl} token={join.participantToken} connect audio={false} video={false} onDisconnected={onLeft} className="stage" role="group" aria-label={t('stage.label')}>
      <ConnectionStatus />
      <Speakers onOccupied={onOccupied} />
      <StageControls join={join} />
      <RoomAudioRenderer />
      <StartAudio label={t('stage.startAudio')} className="button" />
    </LiveKitRoom>
  );
}

function ConnectionStatus() {
  const { t } = useTranslation('live');
  const state = useConnectionState();
  const wasReconnecting = useRef(false);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) {
      wasReconnecting.current = true;
      setMessage(t('connection.reconnecting'));
    } else if (state === ConnectionState.Connected) {
      setMessage(wasReconnecting.current ? t('connection.reconnected') : t('connection.connected'));
      wasReconnecting.current = false;
    } else if (state === ConnectionState.Connecting) setMessage(t('connection.connecting'));
    else setMessage(t('connection.disconnected'));
  }, [state, t]);
  return (
    <p className={`connection connection-${state}`} role="status" aria-live="polite" data-state={state}>
      {message}
    </p>
  );
}

type MediaSource = Track.Source.Camera | Track.Source.Microphone | Track.Source.ScreenShare;
const MUTED_TEXT: Record<string, string> = {
  [Track.Source.Microphone]: 'stage.mutedBy.microphone',
  [Track.Source.Camera]: 'stage.mutedBy.camera',
  [Track.Source.ScreenShare]: 'stage.mutedBy.screen_share',
};

/**
 * Camera, microphone and screen for those who may publish (chairs, speakers, an attendee a chair
 * invited on stage), each button saying whether it is on; the stage invitation for an attendee; and
 * what a chair did to one's tracks. LiveKit's client emits TrackMuted on the local participant both
 * when the person turns a track off and when the server mutes it (a chair's "Mute"): the changes made
 * here are marked while they run, so any other one is the chair's, and is said.
 */
function StageControls({ join }: { join: LiveJoinView }) {
  const { t } = useTranslation('live');
  const permissions = useLocalParticipantPermissions();
  const { localParticipant } = useLocalParticipant();
  const canPublish = permissions?.canPublish ?? join.canPublish;
  const previous = useRef<boolean>(join.canPublish);
  const [stageNote, setStageNote] = useState<'on' | 'off' | null>(null);
  const [mutedBy, setMutedBy] = useState<string | null>(null);
  const [needsGesture, setNeedsGesture] = useState(false);
  const ownChanges = useRef(new Map<string, number>());

  /** Runs a change of one's own tracks, marked as such while it runs. */
  const own = useCallback(async <R,>(sources: string[], change: () => Promise<R>): Promise<R> => {
    for (const s of sources) ownChanges.current.set(s, (ownChanges.current.get(s) ?? 0) + 1);
    try {
      return await change();
    } finally {
      for (const s of sources) ownChanges.current.set(s, (ownChanges.current.get(s) ?? 1) - 1);
    }
  }, []);

  useEffect(() => {
    const onMuted = (publication: TrackPublication) => {
      if ((ownChanges.current.get(publication.source) ?? 0) > 0) return;
      setMutedBy(MUTED_TEXT[publication.source] ?? 'stage.mutedBy.other');
    };
    const onUnmuted = (publication: TrackPublication) => {
      setMutedBy((current) => (current === MUTED_TEXT[publication.source] ? null : current));
    };
    localParticipant.on(ParticipantEvent.TrackMuted, onMuted);
    localParticipant.on(ParticipantEvent.TrackUnmuted, onUnmuted);
    return () => {
      localParticipant.off(ParticipantEvent.TrackMuted, onMuted);
      localParticipant.off(ParticipantEvent.TrackUnmuted, onUnmuted);
    };
  }, [localParticipant]);

  const turnOn = async () => {
    try {
      await own([Track.Source.Microphone, Track.Source.Camera], async () => {
        await localParticipant.setMicrophoneEnabled(true);
        await localParticipant.setCameraEnabled(true);
      });
      setNeedsGesture(false);
    } catch {
      setNeedsGesture(true); // the browser wants a click (or the permission was refused: the button asks again)
    }
  };

  useEffect(() => {
    if (previous.current === canPublish) return;
    previous.current = canPublish;
    if (join.canPublish) return; // speakers and chairs always publish: no stage invitation
    setStageNote(canPublish ? 'on' : 'off');
    setMutedBy(null);
    if (canPublish) void turnOn();
    else setNeedsGesture(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canPublish, join.canPublish]);

  return (
    <div className="stage-controls">
      <p role="status" aria-live="assertive" className="stage-note" data-muted-by={mutedBy ? 'chair' : undefined}>
        {mutedBy ? t(mutedBy) : stageNote === 'on' ? t('stage.onStage') : stageNote === 'off' ? t('stage.offStage') : ''}
      </p>
      {needsGesture && canPublish && (
        <button type="button" className="button" onClick={() => void turnOn()}>
          {t('stage.consent')}
        </button>
      )}
      {canPublish && !join.hidden && (
        <div className="toolbar media-toolbar" role="group" aria-label={t('stage.controls')}>
          <MediaToggle source={Track.Source.Camera} label={t('stage.camera')} stateKey="camera" own={own} />
          <MediaToggle source={Track.Source.Microphone} label={t('stage.microphone')} stateKey="microphone" own={own} />
          <MediaToggle source={Track.Source.ScreenShare} label={t('stage.screen')} stateKey="screen" own={own} />
        </div>
      )}
    </div>
  );
}

/** One of one's own tracks: the button is pressed while it is on, and says "on" or "off". */
function MediaToggle({
  source,
  label,
  stateKey,
  own,
}: {
  source: MediaSource;
  label: string;
  stateKey: 'camera' | 'microphone' | 'screen';
  own: <R>(sources: string[], change: () => Promise<R>) => Promise<R>;
}) {
  const { t } = useTranslation('live');
  const { enabled, pending, toggle } = useTrackToggle({ source });
  const [failed, setFailed] = useState(false);
  return (
    <span className="media-toggle">
      <button
        type="button"
        className={`button${enabled ? ' is-on' : ''}`}
        aria-pressed={enabled}
        aria-disabled={pending || undefined}
        data-source={source}
        data-enabled={enabled}
        onClick={() => {
          if (pending) return;
          setFailed(false);
          own([source], () => toggle()).catch(() => setFailed(true));
        }}
      >
        {label}
        {/* The state, seen; aria-pressed says it to assistive technologies. */}
        <span className="media-state" aria-hidden="true">
          {t(`stage.state.${stateKey}.${enabled ? 'on' : 'off'}`)}
        </span>
      </button>
      {failed && (
        <span className="error" role="alert">
          {t('stage.mediaError')}
        </span>
      )}
    </span>
  );
}

const publishes = (p: Participant) => p.permissions?.canPublish ?? false;

/**
 * The speakers, the chair and anyone on stage: their camera (or their name) and their screen. While
 * nobody publishes anything, a short line instead, and the page gives the room to the panels.
 */
function Speakers({ onOccupied }: { onOccupied?: (occupied: boolean) => void }) {
  const { t } = useTranslation('live');
  const published = useTracks([Track.Source.Camera, Track.Source.Microphone, Track.Source.ScreenShare], { onlySubscribed: false });
  const occupied = published.length > 0;
  const tiles = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  ).filter((ref) => isTrackReference(ref) || publishes(ref.participant));
  useEffect(() => {
    onOccupied?.(occupied);
  }, [occupied, onOccupied]);
  useEffect(() => () => onOccupied?.(false), [onOccupied]);
  if (!occupied || tiles.length === 0) return <p className="stage-empty">{t('stage.empty')}</p>;
  return (
    <ul className={`tiles tiles-${Math.min(tiles.length, 3)}`} aria-label={t('stage.speakers')}>
      {tiles.map((ref) => (
        <Tile key={`${ref.participant.identity}-${ref.source}`} trackRef={ref} />
      ))}
    </ul>
  );
}

function Tile({ trackRef }: { trackRef: TrackReferenceOrPlaceholder }) {
  const { t } = useTranslation('live');
  const name = trackRef.participant.name || trackRef.participant.identity;
  const screen = trackRef.source === Track.Source.ScreenShare;
  const label = screen ? t('stage.screenOf', { name }) : name;
  const videoMuted = useIsMuted(trackRef);
  const micMuted = useIsMuted({ participant: trackRef.participant, source: Track.Source.Microphone });
  const video = isTrackReference(trackRef) && !videoMuted;
  return (
    <li className={`tile${screen ? ' tile-screen' : ''}`} data-identity={trackRef.participant.identity}>
      <figure>
        {video ? <VideoTrack trackRef={trackRef} aria-label={label} muted /> : <div className="tile-placeholder" aria-hidden="true">{name.slice(0, 1)}</div>}
        <figcaption>
          {label}
          {trackRef.participant.isLocal ? ` ${t('stage.you')}` : ''}
          {!screen && (
            <span className="tile-mic" data-muted={micMuted}>
              {' '}
              · {t('stage.microphone')} {t(`stage.state.microphone.${micMuted ? 'off' : 'on'}`)}
            </span>
          )}
        </figcaption>
      </figure>
    </li>
  );
}
