import type { FulfillmentAction, FulfillmentStatus } from "@fulfillkit/core";
import { ConflictError, TransitionOutcomeUnknownError } from "./errors";
import { sleep } from "./retry";
import { type Call, isOutcomeUnknown, type Recover } from "./transport";
import type { TransitionOptions, TransitionResult } from "./types";

export interface TransitionContext {
  request: <T>(call: Call, signal?: AbortSignal, recover?: Recover<T>) => Promise<T>;
  readStatus: (signal?: AbortSignal) => Promise<FulfillmentStatus>;
  settleMs: number | undefined;
}

/**
 * Sends a transition so that it is never applied twice by this client: after an outcome-unknown
 * failure it sends again only when a re-read made after the settle interval still shows `from`
 * (the first attempt can no longer land), and a re-read decides every lost answer.
 */
export async function sendTransition(
  { request, readStatus, settleMs }: TransitionContext,
  call: Call,
  orderId: number,
  action: FulfillmentAction,
  { from, to, signal }: TransitionOptions,
): Promise<TransitionResult> {
  const result = (outcome: TransitionResult["outcome"], status?: FulfillmentStatus) =>
    ({ orderId, action, outcome, reconciled: outcome !== "applied", status }) as TransitionResult;
  const unknown = (cause: unknown) =>
    new TransitionOutcomeUnknownError(orderId, { method: "POST", url: call.url, cause });
  /** Where a re-read found the order; `undefined` when it is still in `from`. */
  const judge = (status: FulfillmentStatus) =>
    status === to
      ? result("already-applied", status)
      : status === from
        ? undefined
        : result(to ? "moved-elsewhere" : "left-from", status);
  let resent = false;

  const recover: Recover<TransitionResult> = async (error, elapsedMs) => {
    // Aborted while the POST was in flight: it may have been applied.
    if (signal?.aborted) throw unknown(signal.reason);
    if (error instanceof ConflictError && resent) {
      // Refused because an earlier send of ours may have landed after all: a re-read decides.
      const status = await readStatus(signal).catch((readError: unknown) => {
        throw unknown(readError);
      });
      return judge(status) ?? Promise.reject(error);
    }
    if (!isOutcomeUnknown(error)) return undefined;
    if (from === "unknown") throw unknown(error);
    try {
      const deadline = Date.now() + (settleMs ?? 2 * elapsedMs);
      // A re-read that shows the order moved is conclusive at once; one that still shows `from`
      // only once it was made after the deadline, when the first attempt can no longer land. The
      // read after the sleep is that one (a timer may fire a millisecond before Date.now() agrees).
      for (let late = Date.now() >= deadline; ; late = true) {
        const status = await readStatus(signal).catch((readError: unknown) => {
          if (late) throw readError;
        });
        if (status && (late || status !== from)) {
          const found = judge(status);
          // Still in `from` after the deadline: the retry policy may send it again.
          if (!found) resent = true;
          return found;
        }
        await sleep(Math.max(0, deadline - Date.now()) + 1, signal);
      }
    } catch (cause) {
      throw unknown(cause);
    }
  };

  signal?.throwIfAborted();
  return (await request(call, signal, recover)) ?? result("applied", to);
}
