import { ErrorCode } from '@amphi/contracts';
import { DomainError } from '../common/domain-errors';

/** 503 BUSY: too many are waiting already; come back after `retryAfterSeconds` (the client adds its own random delay). */
export class Busy extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(503, ErrorCode.Busy, { retryAfterSeconds });
  }
}

/**
 * Runs at most `concurrency` tasks at once and lets at most `maxWaiting` wait their turn; beyond
 * that it refuses at once (Busy). A crowd rejoining after a restart then queues in order, and the
 * memory it takes is the queue's, not hundreds of half-read snapshots.
 */
export class AdmissionQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
    /** The rate the queue drains at, per task slot and second: only to tell the waiting how long. */
    private readonly perSlotPerSecond = 20,
  ) {}

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` when a slot is free. `stillWanted` is asked again when its turn comes (the client may have left meanwhile). */
  async run<T>(task: () => Promise<T>, stillWanted: () => boolean = () => true): Promise<T | undefined> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new Busy(Math.max(1, Math.ceil(this.waiting.length / (this.concurrency * this.perSlotPerSecond))));
      await new Promise<void>((turn) => this.waiting.push(turn)); // the slot is handed over, not freed
    } else this.running++;
    try {
      return stillWanted() ? await task() : undefined;
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
