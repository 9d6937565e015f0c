import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { CancelOrderCommand, MarkDeliveredCommand, PlaceOrderCommand, ShipOrderCommand } from '../../contexts/ordering/ordering.commands';
import { Roles } from '../../platform/auth/auth.guard';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { deterministicUuid } from '../../platform/ids';
import { accepted, commandContext, handleOptions, type CommandHttpRequest } from './command-request';
import { cancelOrderBody, commandAccepted, emptyBody, orderIdParam, placeOrderBody, shipOrderBody } from './request-schemas';

const response = { schema: commandAccepted, description: 'Accepted: the order id, its revision and the append position (also in X-Event-Position)' };
const headers = [
  { name: 'Idempotency-Key', description: 'Retry safely: a repeat returns the first response and changes nothing' },
  { name: 'If-Match', description: 'The order revision you last read; 412 if it changed since' },
];

@Controller('orders')
export class OrdersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(202)
  @Roles('customer', 'operator', 'admin')
  @ApiDoc({
    summary: 'Place an order',
    description: 'Answers 202 once the order is recorded as Pending; stock reservation, payment and confirmation follow asynchronously. Poll the read API with X-Min-Position to see the outcome.',
    body: placeOrderBody,
    response,
    headers: headers.slice(0, 1),
    errors: {
      400: 'A field is missing or malformed (each listed)',
      403: 'A customer token placing an order for another customer',
      422: 'UNKNOWN_SKU, PRODUCT_DISCONTINUED, UNKNOWN_CUSTOMER, DUPLICATE_ORDER_LINE, MIXED_CURRENCIES or IDEMPOTENCY_KEY_REUSED',
    },
  })
  async place(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const input = parseInput(placeOrderBody, body);
    const context = commandContext(request);
    const orderId = deterministicUuid(`order:${context.commandId}`);
    // Everything an order causes carries its id as the correlation id.
    const result = await this.commands.execute(
      new PlaceOrderCommand({ orderId, customerId: input.customerId, lines: input.lines, paymentToken: input.payment.token }, { ...context, correlationId: orderId }, handleOptions(request)),
    );
    void reply.header('location', `/orders/${orderId}`);
    return accepted(reply, result);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('customer', 'operator', 'admin')
  @ApiDoc({
    summary: 'Cancel an order (before it ships)',
    params: orderIdParam,
    body: cancelOrderBody,
    response,
    headers,
    errors: { 403: 'Another customer’s order', 404: 'ORDER_NOT_FOUND', 409: 'ORDER_ALREADY_SHIPPED or the order is closed', 412: 'If-Match mismatch' },
  })
  async cancel(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(orderIdParam, params, 'path');
    const { reason } = parseInput(cancelOrderBody, body);
    return accepted(reply, await this.commands.execute(new CancelOrderCommand({ orderId: id, reason }, commandContext(request, id), handleOptions(request))));
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({ summary: 'Ship a confirmed order', params: orderIdParam, body: shipOrderBody, response, headers, errors: { 404: 'ORDER_NOT_FOUND', 409: 'The order is not Confirmed', 412: 'If-Match mismatch' } })
  async ship(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(orderIdParam, params, 'path');
    const { carrier } = parseInput(shipOrderBody, body);
    return accepted(reply, await this.commands.execute(new ShipOrderCommand({ orderId: id, carrier }, commandContext(request, id), handleOptions(request))));
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @Roles('operator', 'admin')
  @ApiDoc({ summary: 'Mark a shipped order delivered', params: orderIdParam, response, headers, errors: { 404: 'ORDER_NOT_FOUND', 409: 'The order is not Shipped', 412: 'If-Match mismatch' } })
  async deliver(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(orderIdParam, params, 'path');
    parseInput(emptyBody, body ?? undefined);
    return accepted(reply, await this.commands.execute(new MarkDeliveredCommand({ orderId: id }, commandContext(request, id), handleOptions(request))));
  }
}
