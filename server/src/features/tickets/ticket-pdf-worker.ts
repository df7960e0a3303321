import { parentPort } from 'node:worker_threads';
import type { Ticket } from '@shared/registration.ts';
import { ticketsPdf, type TicketPdfOptions } from './ticket-pdf.ts';

/** Renders one PDF off the main thread: parsing a CJK font and laying out pages stalls for 100 ms and more. */
parentPort!.on('message', ({ id, tickets, options }: { id: number; tickets: Ticket[]; options: TicketPdfOptions }) => {
  try {
    const doc = ticketsPdf(tickets, options);
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => parentPort!.postMessage({ id, pdf: Buffer.concat(chunks) }));
    doc.on('error', (err: Error) => parentPort!.postMessage({ id, error: err.message }));
  } catch (err) {
    parentPort!.postMessage({ id, error: (err as Error).message });
  }
});
