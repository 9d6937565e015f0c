import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { RegisterCustomerCommand } from '../../contexts/customers/customers.commands';
import { Roles } from '../../platform/auth/auth.guard';
import { ApiDoc } from '../../platform/http/openapi';
import { parseInput, ProblemError } from '../../platform/http/problem';
import { deterministicUuid } from '../../platform/ids';
import { accepted, commandContext, handleOptions, type CommandHttpRequest } from './command-request';
import { commandAccepted, registerCustomerBody } from './request-schemas';

@Controller('customers')
export class CustomersController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('customer', 'operator', 'admin')
  @ApiDoc({
    summary: 'Register a customer',
    description: 'Staff get a new customer id. A customer registering themselves is registered under their token’s subject, which must be a UUID.',
    body: registerCustomerBody,
    response: { schema: commandAccepted, description: 'Registered: the customer id, revision and append position' },
    headers: [{ name: 'Idempotency-Key', description: 'Retry safely' }],
    errors: { 400: 'Malformed email or name', 409: 'DUPLICATE_EMAIL or CUSTOMER_ALREADY_REGISTERED', 422: 'IDEMPOTENCY_KEY_REUSED' },
  })
  async register(@Req() request: CommandHttpRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const input = parseInput(registerCustomerBody, body);
    const context = commandContext(request);
    const self = request.principal!.role === 'customer';
    if (self && !z.uuid().safeParse(request.principal!.subject).success) {
      throw new ProblemError({ status: 422, code: 'SUBJECT_NOT_A_CUSTOMER_ID', message: 'A customer registers under their token’s subject, which must be a UUID' });
    }
    const customerId = self ? request.principal!.subject : deterministicUuid(`customer:${context.commandId}`);
    const result = await this.commands.execute(new RegisterCustomerCommand({ customerId, ...input }, context, handleOptions(request)));
    void reply.header('location', `/customers/${customerId}`);
    return accepted(reply, result);
  }
}
