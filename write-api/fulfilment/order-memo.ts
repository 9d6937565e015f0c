import { trimOldest } from '../../platform/lru';

/** What the runner remembers about an order it is working on, to skip reads and writes. */
export interface OrderNotes {
  /** OrderPlaced's payment token (null: the order has none); undefined until seen. */
  paymentToken?: string | null;
  /** The deadlines this runner last stored for the order, as compared text; undefined: unknown. */
  deadlines?: string;
}

/**
 * Notes per order, the least recently used dropped first. Losing a note only costs a read (the
 * token) or a write (the deadlines) again, so the cap bounds memory and nothing else.
 */
export class OrderMemo {
  private readonly notes = new Map<string, OrderNotes>();

  constructor(private readonly capacity = 10_000) {}

  /** The order's notes, created empty if missing; marks the order recently used. */
  of(orderId: string): OrderNotes {
    let notes = this.notes.get(orderId);
    if (notes) this.notes.delete(orderId);
    else notes = {};
    this.notes.set(orderId, notes);
    trimOldest(this.notes, this.capacity);
    return notes;
  }

  clear(): void {
    this.notes.clear();
  }
}
