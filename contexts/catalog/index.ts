export { productDecider, initialProductState, evolveProduct, type ProductDetails, type ProductState } from './product.decider';
export { priceForOrder } from './price-for-order';
export { decideDefineProduct, type DefineProduct } from './define-product.decide';
export { decideChangePrice, type ChangePrice } from './change-price.decide';
export { decideDiscontinueProduct, type DiscontinueProduct } from './discontinue-product.decide';
