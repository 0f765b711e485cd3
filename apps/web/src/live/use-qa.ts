import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorBody, LiveStateView, ModerateInput, QaSettingsInput } from '@amphi/contracts';
import { QaConnection, type QaConnectionState } from './qa-connection';
import { emptyView, type QaView } from './qa-state';

export { QaAckError } from './qa-connection';

/** What the live page reads: the connection's state and the person's view of the Q&A (qa-state.ts). */
export interface QaState extends Omit<QaView, 'nextCursor'> {
  connected: boolean;
  joined: boolean;
  /** A join refused (no role, not open): said to the person. */
  error: ErrorBody | null;
  /** Access ended (removed by the chair, registration cancelled): the connection is closed for good. */
  closed: ErrorBody | null;
  /** More approved questions exist than those shown (loadMore fetches the next page). */
  hasMore: boolean;
}

const toState = (c: QaConnectionState, live: LiveStateView | null): QaState => {
  const { nextCursor, ...view } = c.qa.view;
  return { ...view, live, connected: c.connected, joined: c.joined, error: c.error, closed: c.closed, hasMore: nextCursor !== null };
};

/**
 * The session's Q&A for a React page: the QaConnection of qa-connection.ts (the reconnect protocol,
 * tested on its own with hundreds of clients), its state as React state, and its actions.
 */
export function useQa(sessionId: string, token: string | null) {
  const connectionRef = useRef<QaConnection | null>(null);
  const [connectionState, setConnectionState] = useState<QaConnectionState | null>(null);
  // The room's state: the channel's, or the page's own when it learnt it first (a chair's click answers before the channel does); the latest wins.
  const [live, setLive] = useState<LiveStateView | null>(null);
  const channelLive = useRef<LiveStateView | null>(null);

  useEffect(() => {
    if (!token) return;
    const connection = new QaConnection({ sessionId, token });
    connectionRef.current = connection;
    const unsubscribe = connection.subscribe((s) => {
      setConnectionState(s);
      if (s.qa.view.live !== channelLive.current) {
        channelLive.current = s.qa.view.live;
        if (s.qa.view.live) setLive(s.qa.view.live);
      }
    });
    connection.start();
    return () => {
      unsubscribe();
      connection.stop();
      connectionRef.current = null;
    };
  }, [sessionId, token]);

  const need = () => {
    const c = connectionRef.current;
    if (!c) throw new Error('not connected');
    return c;
  };
  const ask = useCallback((text: string, anonymous: boolean, clientId: string) => need().ask(text, anonymous, clientId), []);
  const vote = useCallback((questionId: string, on: boolean) => need().vote(questionId, on), []);
  const moderate = useCallback(async (input: Omit<ModerateInput, 'sessionId'>) => void (await need().moderate(input)), []);
  const hand = useCallback((raise: boolean) => need().hand(raise), []);
  const updateSettings = useCallback((changes: Omit<QaSettingsInput, 'sessionId'>) => need().updateSettings(changes), []);
  const loadMore = useCallback(() => need().loadMore(), []);

  const state: QaState = connectionState
    ? toState(connectionState, live)
    : { ...emptyView, live, connected: false, joined: false, error: null, closed: null, hasMore: false };
  return { ...state, ask, vote, moderate, hand, updateSettings, loadMore, setLive };
}
