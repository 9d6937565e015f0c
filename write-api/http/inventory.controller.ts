import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AdjustStockCommand, ReceiveStockCommand } from '../../contexts/inventory/inventory.commands';
import { Roles } from '../../platform/auth/auth.guard';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { accepted, commandContext, handleOptions, type CommandHttpRequest } from './command-request';
import { adjustStockBody, commandAccepted, receiveStockBody, skuParam } from './request-schemas';

const response = { schema: commandAccepted, description: 'Accepted: the SKU, the stock item’s new revision and the append position' };
const headers = [
  { name: 'Idempotency-Key', description: 'Retry safely: a repeat returns the first response and changes nothing' },
  { name: 'If-Match', description: 'The stock item revision you last read; 412 if it changed since' },
];

@Controller('inventory')
@Roles('operator', 'admin')
export class InventoryController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':sku/receipts')
  @HttpCode(200)
  @ApiDoc({ summary: 'Receive stock', params: skuParam, body: receiveStockBody, response, headers, errors: { 400: 'Malformed SKU or quantity', 404: 'UNKNOWN_SKU: no product has this SKU' } })
  async receive(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { sku } = parseInput(skuParam, params, 'path');
    const { quantity } = parseInput(receiveStockBody, body);
    return accepted(reply, await this.commands.execute(new ReceiveStockCommand({ sku, quantity }, commandContext(request), handleOptions(request))));
  }

  @Post(':sku/adjustments')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Correct on-hand stock (count, damage, loss)',
    params: skuParam,
    body: adjustStockBody,
    response,
    headers,
    errors: { 400: 'Malformed SKU, delta or reason', 404: 'UNKNOWN_SKU', 409: 'The adjustment would make stock negative or below what is reserved' },
  })
  async adjust(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { sku } = parseInput(skuParam, params, 'path');
    const { delta, reason } = parseInput(adjustStockBody, body);
    return accepted(reply, await this.commands.execute(new AdjustStockCommand({ sku, quantityDelta: delta, reason }, commandContext(request), handleOptions(request))));
  }
}
