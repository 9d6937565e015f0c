/** Injection tokens for the runtime's ports, shared by every NestJS module. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
export const LOGGER = Symbol('LOGGER');
export const CONFIG = Symbol('CONFIG');
