import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ChangePriceCommand, DefineProductCommand, DiscontinueProductCommand } from '../../contexts/catalog/catalog.commands';
import { Roles } from '../../platform/auth/auth.guard';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput } from '../../platform/http/problem';
import { deterministicUuid } from '../../platform/ids';
import { accepted, commandContext, handleOptions, type CommandHttpRequest } from './command-request';
import { changePriceBody, commandAccepted, defineProductBody, emptyBody, productIdParam } from './request-schemas';

const commandHeaders = [
  { name: 'Idempotency-Key', description: 'Retry safely: a repeat returns the first response and changes nothing' },
  { name: 'If-Match', description: 'The revision you last read; 412 if the product changed since' },
];
const response = { schema: commandAccepted, description: 'Accepted: the product id, its new revision and the append position (also in X-Event-Position)' };

@Controller('products')
@Roles('operator', 'admin')
export class ProductsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: 'Define a product',
    body: defineProductBody,
    response,
    headers: commandHeaders.slice(0, 1),
    errors: { 400: 'A field is missing or malformed (each listed)', 409: 'DUPLICATE_SKU: another product has this SKU', 422: 'IDEMPOTENCY_KEY_REUSED' },
  })
  async define(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const input = parseInput(defineProductBody, body);
    const context = commandContext(request);
    const productId = deterministicUuid(`product:${context.commandId}`);
    const result = await this.commands.execute(new DefineProductCommand({ productId, ...input }, context, handleOptions(request)));
    void reply.header('location', `/products/${productId}`);
    return accepted(reply, result);
  }

  @Post(':id/price')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Change a product’s price',
    params: productIdParam,
    body: changePriceBody,
    response,
    headers: commandHeaders,
    errors: { 400: 'Malformed id or price', 404: 'PRODUCT_NOT_FOUND', 409: 'PRODUCT_DISCONTINUED', 412: 'If-Match does not match the current revision', 422: 'A price in another currency' },
  })
  async changePrice(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(productIdParam, params, 'path');
    const { price } = parseInput(changePriceBody, body);
    return accepted(reply, await this.commands.execute(new ChangePriceCommand({ productId: id, price }, commandContext(request), handleOptions(request))));
  }

  @Post(':id/discontinue')
  @HttpCode(200)
  @ApiDoc({ summary: 'Discontinue a product (it can no longer be ordered)', params: productIdParam, response, headers: commandHeaders, errors: { 404: 'PRODUCT_NOT_FOUND', 412: 'If-Match mismatch' } })
  async discontinue(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param() params: unknown, @Body() body: unknown) {
    const { id } = parseInput(productIdParam, params, 'path');
    parseInput(emptyBody, body ?? undefined);
    return accepted(reply, await this.commands.execute(new DiscontinueProductCommand({ productId: id }, commandContext(request), handleOptions(request))));
  }
}
