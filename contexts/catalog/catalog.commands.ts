import { DomainCommand } from '../shared/domain-command';
import type { ChangePrice } from './change-price.decide';
import type { DefineProduct } from './define-product.decide';
import type { DiscontinueProduct } from './discontinue-product.decide';

export class DefineProductCommand extends DomainCommand<DefineProduct> {}
export class ChangePriceCommand extends DomainCommand<ChangePrice> {}
export class DiscontinueProductCommand extends DomainCommand<DiscontinueProduct> {}
