import type { FaultedRequest, RequestCounts, UndeclaredAnswer } from "./controls/client";
import type { FaultLabel } from "./faults";

const MAX_LISTED = 10_000;

/** Counts vendor-API requests and remembers which fault hit which of them. */
export class RequestTracker {
  counts: RequestCounts = emptyCounts();

  /** Counts one request and returns its id (1, 2, …; restarts at a reset). */
  received(method: string, route: string): number {
    this.counts.total++;
    const key = `${method} ${route}`;
    this.counts.byRoute[key] = (this.counts.byRoute[key] ?? 0) + 1;
    return this.counts.total;
  }

  faulted(request: Omit<FaultedRequest, "fault">, fault: FaultLabel): void {
    this.counts.byFault[fault] = (this.counts.byFault[fault] ?? 0) + 1;
    if (this.counts.faulted.length < MAX_LISTED) this.counts.faulted.push({ ...request, fault });
  }

  undeclared(answer: UndeclaredAnswer): void {
    if (this.counts.undeclared.length < MAX_LISTED) this.counts.undeclared.push(answer);
  }

  reset(): void {
    this.counts = emptyCounts();
  }
}

const emptyCounts = (): RequestCounts => ({ total: 0, byRoute: {}, byFault: {}, faulted: [], undeclared: [] });
