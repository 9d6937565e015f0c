import { multiplyMoney, orderPlaced, positiveMoneySchema, sumMoney, type Money, type OrderEvent, type OrderLine } from '../../event-schemas';
import { DomainError } from '../shared/domain-error';
import type { OrderState } from './order.decider';

export interface PlaceOrderLine {
  sku: string;
  quantity: number;
  /** Copied by the handler from the product's current price (catalog's priceForOrder). */
  unitPrice: Money;
}

/** The customer's existence and each product being orderable are checked by the handler, which reads those streams. */
export interface PlaceOrder {
  orderId: string;
  customerId: string;
  lines: readonly PlaceOrderLine[];
  /** The gateway's card token for the payment step; opaque, never card data. */
  paymentToken?: string;
}

const skuField = orderPlaced.schema.shape.lines.element.shape.sku;

export function decidePlaceOrder(command: PlaceOrder, state: OrderState): OrderEvent[] {
  const lines = validLines(command.lines);
  const total = orderTotal(lines);
  if (state.status !== 'NotPlaced') {
    throw new DomainError(
      'ORDER_ALREADY_PLACED',
      `Order ${command.orderId} was placed already and its lines cannot change; place a new order with a new id.`,
      'conflict',
      { orderId: command.orderId, status: state.status },
    );
  }
  const paymentToken = command.paymentToken === undefined ? {} : { paymentToken: command.paymentToken };
  return [{ type: 'OrderPlaced', data: { orderId: command.orderId, customerId: command.customerId, lines, total, ...paymentToken } }];
}

/** Sum of unitPrice × quantity, in the one currency of the lines. */
export function orderTotal(lines: readonly OrderLine[]): Money {
  const [first] = lines;
  if (first === undefined) throw noLines();
  try {
    return sumMoney(
      first.unitPrice.currency,
      lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)),
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DomainError('ORDER_TOTAL_TOO_LARGE', 'The order total is too large to represent exactly; split it into smaller orders.', 'rejected');
  }
}

/**
 * A SKU appears on one line only: the process manager reserves stock per line with the id
 * `<orderId>:reserve:<sku>`, so two lines for one SKU would share a reservation. Duplicates are
 * refused rather than merged, so the order stored is exactly the one sent.
 */
function validLines(lines: readonly PlaceOrderLine[]): OrderLine[] {
  if (!Array.isArray(lines) || lines.length === 0) throw noLines();
  const seen = new Set<string>();
  const valid = lines.map((line, index): OrderLine => {
    if (!skuField.safeParse(line.sku).success) {
      throw new DomainError(
        'INVALID_SKU',
        `Line ${index + 1}: SKU ${JSON.stringify(line.sku)} is not valid; use the upper-case SKU from the catalogue, e.g. TSHIRT-RED-M.`,
        'rejected',
        { line: index, sku: line.sku },
      );
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new DomainError('INVALID_QUANTITY', `Line ${index + 1} (${line.sku}): quantity ${line.quantity} is not valid; send a whole number of units greater than zero.`, 'rejected', {
        line: index,
        quantity: line.quantity,
      });
    }
    if (!positiveMoneySchema.safeParse(line.unitPrice).success) {
      throw new DomainError(
        'INVALID_PRICE',
        `Line ${index + 1} (${line.sku}): unit price ${JSON.stringify(line.unitPrice)} is not valid; copy a positive price in minor units from the catalogue.`,
        'rejected',
        { line: index, unitPrice: line.unitPrice },
      );
    }
    if (seen.has(line.sku)) {
      throw new DomainError('DUPLICATE_ORDER_LINE', `SKU ${line.sku} appears on more than one line; send one line per SKU with the total quantity.`, 'rejected', {
        line: index,
        sku: line.sku,
      });
    }
    seen.add(line.sku);
    return { sku: line.sku, quantity: line.quantity, unitPrice: { ...line.unitPrice } };
  });
  const currencies = [...new Set(valid.map((line) => line.unitPrice.currency))];
  if (currencies.length > 1) {
    throw new DomainError(
      'MIXED_CURRENCIES',
      `The lines are priced in ${currencies.join(', ')}, but an order is paid in one currency; order products priced in different currencies separately.`,
      'rejected',
      { currencies },
    );
  }
  return valid;
}

function noLines(): DomainError {
  return new DomainError('ORDER_HAS_NO_LINES', 'An order needs at least one line; add the products to order.', 'rejected');
}
