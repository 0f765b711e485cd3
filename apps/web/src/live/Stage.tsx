import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionState, Track, type Participant } from 'livekit-client';
import {
  LiveKitRoom,
  RoomAudioRenderer,
  StartAudio,
  TrackToggle,
  VideoTrack,
  isTrackReference,
  useConnectionState,
  useLocalParticipant,
  useLocalParticipantPermissions,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react';
import type { LiveJoinView } from '@amphi/contracts';

/** The room's media: LiveKit's React components, in this lazy chunk only. */
export function Stage({ join, onLeft }: { join: LiveJoinView; onLeft?: () => void }) {
  const { t } = useTranslation('live');
  return (
    <LiveKitRoom serverUrl={join.serverUrl} token={join.participantToken} connect audio={false} video={false} onDisconnected={onLeft} className="stage" aria-label={t('stage.label')}>
      <ConnectionStatus />
      <StageControls join={join} />
      <Speakers />
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

/** Camera, microphone and screen for those who may publish; the stage invitation for an attendee. */
function StageControls({ join }: { join: LiveJoinView }) {
  const { t } = useTranslation('live');
  const permissions = useLocalParticipantPermissions();
  const { localParticipant } = useLocalParticipant();
  const canPublish = permissions?.canPublish ?? join.canPublish;
  const previous = useRef<boolean>(join.canPublish);
  const [stageNote, setStageNote] = useState<'on' | 'off' | null>(null);
  const [needsGesture, setNeedsGesture] = useState(false);

  const turnOn = async () => {
    try {
      await localParticipant.setMicrophoneEnabled(true);
      await localParticipant.setCameraEnabled(true);
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
    if (canPublish) void turnOn();
    else setNeedsGesture(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canPublish, join.canPublish]);

  return (
    <div className="stage-controls">
      <p role="status" aria-live="assertive" className="stage-note">
        {stageNote === 'on' ? t('stage.onStage') : stageNote === 'off' ? t('stage.offStage') : ''}
      </p>
      {needsGesture && canPublish && (
        <button type="button" className="button" onClick={() => void turnOn()}>
          {t('stage.consent')}
        </button>
      )}
      {canPublish && !join.hidden && (
        <div className="toolbar" role="group" aria-label={t('stage.controls')}>
          <TrackToggle source={Track.Source.Camera} showIcon={false} className="button">
            {t('stage.camera')}
          </TrackToggle>
          <TrackToggle source={Track.Source.Microphone} showIcon={false} className="button">
            {t('stage.microphone')}
          </TrackToggle>
          <TrackToggle source={Track.Source.ScreenShare} showIcon={false} className="button">
            {t('stage.screen')}
          </TrackToggle>
        </div>
      )}
    </div>
  );
}

const publishes = (p: Participant) => p.permissions?.canPublish ?? false;

/** The speakers, the chair and anyone on stage: their camera (or their name) and their screen. */
function Speakers() {
  const { t } = useTranslation('live');
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  ).filter((ref) => isTrackReference(ref) || publishes(ref.participant));
  if (tracks.length === 0) return <p className="muted">{t('stage.empty')}</p>;
  return (
    <ul className="tiles" aria-label={t('stage.speakers')}>
      {tracks.map((ref) => (
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
  const video = isTrackReference(trackRef) && !trackRef.publication.isMuted;
  return (
    <li className={`tile${screen ? ' tile-screen' : ''}`} data-identity={trackRef.participant.identity}>
      <figure>
        {video ? <VideoTrack trackRef={trackRef} aria-label={label} muted /> : <div className="tile-placeholder" aria-hidden="true">{name.slice(0, 1)}</div>}
        <figcaption>
          {label}
          {trackRef.participant.isLocal ? ` ${t('stage.you')}` : ''}
        </figcaption>
      </figure>
    </li>
  );
}
