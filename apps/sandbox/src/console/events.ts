import type { ServerResponse } from "node:http";
import type { RequestLog, RequestSummary } from "./request-log";
import { summarize } from "./request-log";

/** At most this many new log entries per push; the console shows the newest anyway. */
const MAX_ENTRIES_PER_PUSH = 100;

/**
 * Server-sent events to the open consoles, pushed at most every `intervalMs`: the new log entries
 * (`requests`) and, when any state may have changed, `changed` (the board then reloads). Batching
 * keeps the cost per API request to a counter, whatever the request rate.
 */
export class ConsoleEvents {
  private readonly clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private sentSeq = 0;

  constructor(
    private readonly log: RequestLog,
    private readonly intervalMs: number,
  ) {}

  markChanged = (): void => {
    this.dirty = true;
  };

  /** The log was cleared (reset): the consoles start over from the next entry. */
  restart(): void {
    this.sentSeq = 0;
    this.dirty = true;
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write(": connected\n\n");
    this.clients.add(response);
    response.once("close", () => {
      this.clients.delete(response);
      if (this.clients.size === 0) this.stop();
    });
    this.timer ??= setInterval(() => this.push(), this.intervalMs);
  }

  private push(): void {
    const entries: RequestSummary[] = this.log.newest(MAX_ENTRIES_PER_PUSH, this.sentSeq).map(summarize);
    if (entries.length > 0) {
      this.sentSeq = this.log.total;
      this.send("requests", { entries, total: this.log.total, dropped: this.log.dropped });
    }
    if (this.dirty) {
      this.dirty = false;
      this.send("changed", {});
    }
  }

  private send(event: string, data: unknown): void {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(message);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stop();
  }
}
