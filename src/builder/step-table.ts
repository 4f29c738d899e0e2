import type { PlacedStep } from "../model/pipeline-node.js";
import type { StepHandle } from "./step-definition.js";

/** What the tables that share it hold: the steps in order, and each step's handle by name. */
interface Storage {
  readonly placed: PlacedStep[];
  readonly byName: Map<string, { readonly index: number; readonly handle: StepHandle }>;
}

/**
 * The steps of a builder and their handles, immutable, with a step added in constant time.
 *
 * Tables share an append-only storage and each sees its first `length` entries. Adding a step to
 * the newest table of a storage appends to it in place (no other table sees the entry: it lies past
 * their length); adding to an older one, after a base builder was branched, copies its entries into
 * a storage of its own first. A fluent chain of n steps is then O(n), not O(n²) as a copy per step
 * would be, and a shared base still branches into pipelines that do not see each other's steps.
 * (The storage of a base keeps the steps of the first branch made from it for as long as the base
 * is kept, even when that branch is not.)
 */
export class StepTable {
  /** A table without steps, with a storage of its own. */
  static empty(): StepTable {
    return new StepTable({ placed: [], byName: new Map() }, 0);
  }

  #list: readonly PlacedStep[] | undefined;

  private constructor(
    private readonly storage: Storage,
    readonly length: number,
  ) {
    Object.freeze(this);
  }

  /** The handle of the step called `name`, if this table has it. */
  handle(name: string): StepHandle | undefined {
    const entry = this.storage.byName.get(name);
    return entry !== undefined && entry.index < this.length ? entry.handle : undefined;
  }

  /** The names of the steps, in order. */
  names(): string[] {
    return this.list().map((placed) => placed.node.name);
  }

  /** The steps, in order (frozen, made once per table). */
  list(): readonly PlacedStep[] {
    this.#list ??= Object.freeze(this.storage.placed.slice(0, this.length));
    return this.#list;
  }

  /** A table with `placed` (whose name this table does not have) added last. */
  with(placed: PlacedStep, handle: StepHandle): StepTable {
    let storage = this.storage;
    if (storage.placed.length !== this.length) {
      // a table made from the same base already added its own step: this one gets its own storage
      const placedCopy = storage.placed.slice(0, this.length);
      const byName = new Map<string, { readonly index: number; readonly handle: StepHandle }>();
      for (const [name, entry] of storage.byName) if (entry.index < this.length) byName.set(name, entry);
      storage = { placed: placedCopy, byName };
    }
    storage.byName.set(placed.node.name, { index: this.length, handle });
    storage.placed.push(placed);
    return new StepTable(storage, this.length + 1);
  }
}
