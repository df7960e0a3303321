import type { Worker } from 'node:worker_threads';
import type { Ticket } from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import { findCjkFont, type CjkFont } from '../../core/cjk-font.ts';
import type { Config } from '../../core/config.ts';
import { UnavailableError } from '../../core/errors.ts';
import { startWorker } from '../../core/workers.ts';

type Pending = { resolve: (pdf: Buffer) => void; reject: (err: Error) => void };

/**
 * Renders admission tickets as PDF in a worker thread (parsing the font and laying out 300 pages
 * took 0.9 s of CPU on this machine), so a sitting's print run never stalls the
 * exam's event loop. The CJK font is found once (looked for again while none is found).
 */
export function createTicketPrinter(deps: { config: Pick<Config, 'ticketFont' | 'examTimeZone'>; clock: Clock }) {
  let font: CjkFont | null = null;
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;

  function fontOrThrow(): CjkFont {
    font ??= findCjkFont(deps.config.ticketFont);
    if (font) return font;
    throw new UnavailableError(
      deps.config.ticketFont.file
        ? `TICKET_FONT (${deps.config.ticketFont.file}) is not a readable font with Chinese glyphs; the HTML print view of the ticket still works`
        : 'No font with Chinese glyphs is installed for PDF tickets: install fonts-noto-cjk or set TICKET_FONT; the HTML print view of the ticket still works', { key: 'ticket.noFont' });
  }

  function failAll(err: Error) {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  }

  function renderer(): Worker {
    if (worker) return worker;
    const w = startWorker(new URL('./ticket-pdf-worker.ts', import.meta.url));
    w.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.pdf) p?.resolve(Buffer.from(m.pdf));
      else p?.reject(new Error(m.error ?? 'PDF rendering failed'));
    });
    w.on('error', failAll);
    w.on('exit', () => failAll(new Error('the PDF worker stopped')));
    worker = w;
    return w;
  }

  return {
    /** The PDF's bytes; throws UnavailableError at once when there is no usable font. */
    pdf(tickets: readonly Ticket[]): Promise<Buffer> {
      const options = { font: fontOrThrow(), timeZone: deps.config.examTimeZone, generatedAt: deps.clock.now() };
      const w = renderer();
      const id = nextId++;
      w.ref();
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, tickets, options });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
export type TicketPrinter = ReturnType<typeof createTicketPrinter>;

/** `准考证-<ticket>.pdf` or `准考证-<sitting>.pdf`, safe in a header whatever the characters. */
export const pdfDisposition = (name: string) => `attachment; filename="tickets.pdf"; filename*=UTF-8''${encodeURIComponent(`准考证-${name}.pdf`)}`;
