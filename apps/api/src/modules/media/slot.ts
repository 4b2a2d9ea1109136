import { AppError } from '../../http/errors.js';

/**
 * MEDIA-207: a process renders one image operation at a time (decoding is memory- and CPU-heavy on a
 * 2 vCPU server). Waiters queue in order; after 60 s in the queue a request gives up with SERVER_BUSY.
 */

export const SLOT_WAIT_MS = 60_000;

export interface ProcessingSlot {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createProcessingSlot(waitMs: number = SLOT_WAIT_MS): ProcessingSlot {
  let busy = false;
  const queue: { start: () => void; timer: NodeJS.Timeout }[] = [];

  const release = () => {
    const next = queue.shift();
    if (!next) {
      busy = false;
      return;
    }
    clearTimeout(next.timer);
    next.start();
  };

  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      if (!busy) {
        busy = true;
        resolve();
        return;
      }
      const entry = {
        start: resolve,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          reject(new AppError('SERVER_BUSY', 'The server is busy processing photos; try again shortly'));
        }, waitMs),
      };
      queue.push(entry);
    });

  return {
    async run(work) {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
