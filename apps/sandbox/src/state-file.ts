/**
 * The `--state` file: an SQLite database (sql.js, SQLite compiled to WebAssembly) holding each
 * `Persistable` part as JSON, plus one meta row. sql.js keeps the database in memory, so the file
 * is read once at start and written whole (temp file, then rename) on every save.
 */
import { open, readFile, rename, rm, writeFile } from "node:fs/promises";
import initSqlJs, { type Database, type SqlJsStatic } from "sql.js";
import type { Persistable } from "./persist";

/** The layout this sandbox writes and reads; a file with a higher one is refused. */
export const STATE_FORMAT = 1;
/** SQLite's header field for "which application's file is this": "fksb" (fulfillkit sandbox). */
const APPLICATION_ID = 0x666b7362;

const SCHEMA = `
  CREATE TABLE meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    seeded_orders INTEGER NOT NULL,
    orders INTEGER NOT NULL,
    saved_at TEXT NOT NULL
  );
  CREATE TABLE parts (key TEXT PRIMARY KEY, json TEXT NOT NULL);
  PRAGMA application_id = ${APPLICATION_ID};
`;

/** What the meta row says: how the saved sandbox was seeded and how many orders it held. */
export interface StateMeta {
  format: number;
  seed: number;
  seededOrders: number;
  orders: number;
  savedAt: string;
}

/** A state file that cannot be used; nothing has been written to it. */
export class StateFileError extends Error {}

/** The lock files this process holds: a second sandbox in the same process is refused too. */
const heldLocks = new Set<string>();

let sqlJs: Promise<SqlJsStatic> | undefined;
const loadSqlJs = () => {
  sqlJs ??= initSqlJs();
  return sqlJs;
};

const KEEP_IT = "it was left as it is: name another file with --state, or move this one away to start afresh";

export class StateFile {
  private writing: Promise<void> = Promise.resolve();
  /** Each part's JSON as last written: an unchanged part is not written into the database again. */
  private readonly written = new Map<string, string>();

  private constructor(
    readonly path: string,
    private readonly db: Database,
    private readonly parts: readonly Persistable[],
    /** The meta row of the file read at start; undefined for a new file. */
    readonly restoredFrom: StateMeta | undefined,
  ) {}

  /**
   * Reads `path` and loads every part that the file holds (a part it lacks keeps its state);
   * a missing or empty file is a new one. Writes nothing: a file that is not a sandbox state
   * file, or one whose parts do not load, is a `StateFileError` and stays untouched.
   */
  static async open(path: string, parts: readonly Persistable[]): Promise<StateFile> {
    const SQL = await loadSqlJs();
    const bytes = await readExisting(path);
    if (bytes === undefined || bytes.length === 0) {
      const db = new SQL.Database();
      db.exec(SCHEMA);
      await lock(path);
      return new StateFile(path, db, parts, undefined);
    }
    const db = openDatabase(SQL, path, bytes);
    const meta = readMeta(db, path);
    const saved = new Map<string, string>();
    for (const [key, json] of db.exec("SELECT key, json FROM parts")[0]?.values ?? []) {
      saved.set(String(key), String(json));
    }
    for (const part of parts) {
      const json = saved.get(part.stateKey);
      if (json === undefined) continue;
      try {
        part.loadState(JSON.parse(json));
      } catch (error) {
        throw new StateFileError(
          `state file ${path}: its part "${part.stateKey}" does not load (${(error as Error).message}); ${KEEP_IT}`,
        );
      }
    }
    await lock(path);
    return new StateFile(path, db, parts, meta);
  }

  /** Lets another sandbox use the file (after the last save). */
  async release(): Promise<void> {
    await this.writing.catch(() => undefined);
    heldLocks.delete(lockPath(this.path));
    await rm(lockPath(this.path), { force: true });
  }

  /**
   * Writes every part and the meta row, then the whole database to the file atomically (a
   * crash leaves the previous file or the new one, never half of one). Saves run one at a time.
   */
  save(seeding: { seed: number; seededOrders: number; orders: number }): Promise<void> {
    this.db.exec("BEGIN");
    for (const part of this.parts) {
      const json = JSON.stringify(part.saveState());
      if (this.written.get(part.stateKey) === json) continue;
      this.db.run("INSERT OR REPLACE INTO parts (key, json) VALUES (?, ?)", [part.stateKey, json]);
      this.written.set(part.stateKey, json);
    }
    this.db.run(
      "INSERT OR REPLACE INTO meta (id, format, seed, seeded_orders, orders, saved_at) VALUES (1, ?, ?, ?, ?, ?)",
      [STATE_FORMAT, seeding.seed, seeding.seededOrders, seeding.orders, new Date().toISOString()],
    );
    this.db.exec("COMMIT");
    const bytes = this.db.export();
    this.writing = this.writing.catch(() => undefined).then(() => writeAtomically(this.path, bytes));
    return this.writing;
  }
}

const lockPath = (path: string) => `${path}.lock`;

/**
 * One sandbox per file: `<file>.lock` holds the process id of the sandbox using it. Two writing
 * one file would overwrite each other's saves every second. A lock whose process is gone (a
 * crash) is taken over.
 */
async function lock(path: string): Promise<void> {
  const file = lockPath(path);
  try {
    await writeFile(file, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new StateFileError(`state file ${path} cannot be locked (${(error as Error).message})`);
    }
    const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (heldLocks.has(file) || (holder !== process.pid && isRunning(holder))) {
      throw new StateFileError(
        `state file ${path} is in use by another sandbox (process ${holder}, lock ${file}): stop that one, or name another file with --state`,
      );
    }
    await writeFile(file, String(process.pid));
  }
  heldLocks.add(file);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readExisting(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(`state file ${path} cannot be read (${(error as Error).message})`);
  }
}

function openDatabase(SQL: SqlJsStatic, path: string, bytes: Uint8Array): Database {
  let db: Database;
  let applicationId: unknown;
  try {
    db = new SQL.Database(bytes);
    applicationId = db.exec("PRAGMA application_id")[0]?.values[0]?.[0];
  } catch (error) {
    throw new StateFileError(
      `state file ${path} is not a sandbox state file (${(error as Error).message}); ${KEEP_IT}`,
    );
  }
  if (applicationId !== APPLICATION_ID) {
    throw new StateFileError(
      `state file ${path} is an SQLite database of another application, not a sandbox state file; ${KEEP_IT}`,
    );
  }
  return db;
}

function readMeta(db: Database, path: string): StateMeta {
  let row: unknown[] | undefined;
  try {
    row = db.exec("SELECT format, seed, seeded_orders, orders, saved_at FROM meta WHERE id = 1")[0]?.values[0];
  } catch (error) {
    throw new StateFileError(`state file ${path} has no readable meta row (${(error as Error).message}); ${KEEP_IT}`);
  }
  if (row === undefined) throw new StateFileError(`state file ${path} has no meta row; ${KEEP_IT}`);
  const [format, seed, seededOrders, orders, savedAt] = row;
  if (typeof format !== "number" || format > STATE_FORMAT) {
    throw new StateFileError(
      `state file ${path} has state format ${String(format)}, this sandbox reads format ${STATE_FORMAT} (a newer sandbox wrote it); ${KEEP_IT}`,
    );
  }
  return {
    format,
    seed: Number(seed),
    seededOrders: Number(seededOrders),
    orders: Number(orders),
    savedAt: String(savedAt),
  };
}

/**
 * Temp file in the same directory, flushed to disk, then renamed over the file. Hand-written:
 * write-file-atomic's exit handler re-raises SIGTERM once the CLI's own `once` listener has
 * run, which would end the process before the final save.
 */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new StateFileError(`state file ${path} cannot be written (${(error as Error).message})`);
  }
}
