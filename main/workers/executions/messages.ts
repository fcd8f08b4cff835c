/** Sentences about executions that a person reads in the queue. */
import { formatWait } from '../../kernel/messages';

export const executionMessages = {
  notSent: (svc: string) =>
    `Atelier couldn't confirm that ${svc} received this request, and it isn't among your ${svc} jobs, so it was probably never started. Nothing was charged twice; press Retry to send it again.`,
  resending: (svc: string) => `${svc} never received this request (it isn't among your jobs); sending it again.`,
  interrupted: (svc: string) =>
    `Atelier stopped while sending this request; checking with ${svc} whether it arrived before sending anything else.`,
  checking: (svc: string, why: string) => `${why} Checking with ${svc} whether it started…`,
  waitingForSlot: () =>
    'Sync is already running as many jobs as your plan allows; this one will start when one of yours finishes.',
  waitingForBudget: (svc: string, waitMs: number) => `Waiting ${formatWait(waitMs)} for ${svc}'s request limit to reset.`,
  waitingForNetwork: (svc: string) => `Waiting for the connection to ${svc}; it will be sent when it returns.`,
  stillConfirming: (svc: string) =>
    `Atelier is still confirming whether ${svc} received this request. Try cancelling again in a moment.`,
  retrying: (why: string) => `${why.replace(/\s*Try again in a moment\.?$/, '')} Atelier will try again shortly.`,
  stillRunning: () => 'This job is still running; cancel it first, or wait for it to finish.',
  resultsPending: (svc: string) => `Finished at ${svc}; fetching the results…`,
};

export function serviceLabel(provider: 'videogen' | 'sync'): string {
  return provider === 'sync' ? 'Sync' : 'VideoGen';
}
