/**
 * The open orders a run will take, about 13 bytes each: the id in a Float64Array, status and kind
 * as indexes into a small table of the strings seen, the preorder flag in a byte. A list of
 * objects would cost ten times that and keep V8's heap (and with it the process) growing with the
 * backlog; this keeps `fulfill run`'s memory flat (bench/worker-memory.ts).
 */
import type { OrderRecord } from "./drive";

export class Backlog implements Iterable<OrderRecord> {
  #ids = new Float64Array(1024);
  #statuses = new Uint16Array(1024);
  #kinds = new Uint16Array(1024);
  #preorders = new Uint8Array(1024);
  /** Every status and kind seen, once: a newer spec's unknown value is kept as it came. */
  #words: string[] = [];
  #wordIndex = new Map<string, number>();
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push({ id, status, transactionType, isPreorder }: OrderRecord): void {
    if (this.#length === this.#ids.length) this.#grow();
    const at = this.#length++;
    this.#ids[at] = id;
    this.#statuses[at] = this.#word(status);
    this.#kinds[at] = this.#word(transactionType);
    this.#preorders[at] = isPreorder ? 1 : 0;
  }

  at(index: number): OrderRecord {
    return {
      id: this.#ids[index] as number,
      status: this.#words[this.#statuses[index] as number] as OrderRecord["status"],
      transactionType: this.#words[this.#kinds[index] as number] as OrderRecord["transactionType"],
      isPreorder: this.#preorders[index] === 1,
    };
  }

  *[Symbol.iterator](): Iterator<OrderRecord> {
    for (let index = 0; index < this.#length; index++) yield this.at(index);
  }

  #word(value: string): number {
    let index = this.#wordIndex.get(value);
    if (index === undefined) {
      index = this.#words.push(value) - 1;
      this.#wordIndex.set(value, index);
    }
    return index;
  }

  #grow(): void {
    const size = this.#ids.length * 2;
    const grown = <T extends Float64Array | Uint16Array | Uint8Array>(array: T, Kind: new (n: number) => T): T => {
      const bigger = new Kind(size);
      bigger.set(array);
      return bigger;
    };
    this.#ids = grown(this.#ids, Float64Array);
    this.#statuses = grown(this.#statuses, Uint16Array);
    this.#kinds = grown(this.#kinds, Uint16Array);
    this.#preorders = grown(this.#preorders, Uint8Array);
  }
}
