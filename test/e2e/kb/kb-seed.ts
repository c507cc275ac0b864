/**
 * A seeded knowledge base for tests and screenshots: 30 articles, half English, half Simplified
 * Chinese, in a small category tree, each published. Written to overlap (many mention orders,
 * accounts, 订单, 账号) so that a search must rank, not merely match.
 */
import type { AuthHeaders, TestApp } from '../../helpers/test-app.js';

export interface SeedArticle {
  key: string;
  category: 'account' | 'orders' | 'payments' | 'support';
  language: 'en' | 'zh';
  title: string;
  tags: string[];
  body: string;
}

export const SEED_ARTICLES: SeedArticle[] = [
  { key: 'en-password', category: 'account', language: 'en', title: 'Reset your password', tags: ['login'], body: 'If you forgot your password, open the login page and choose "Forgot password". We send a reset link to the email address of your account. The link works for 30 minutes.' },
  { key: 'en-refund', category: 'payments', language: 'en', title: 'Request a refund', tags: ['money back'], body: 'You can ask for a refund within 30 days of your order. Refunds are paid to the original payment method within 5 working days once the returned item arrives.' },
  { key: 'en-address', category: 'orders', language: 'en', title: 'Change the delivery address of an order', tags: ['shipping'], body: 'Until the order ships you can change the delivery address in "My orders". After it has shipped, ask the carrier to redirect the parcel.' },
  { key: 'en-tracking', category: 'orders', language: 'en', title: 'Track your parcel', tags: ['shipping', 'tracking'], body: 'Where is my order? Every shipped order has a tracking number in the shipping email. Enter it on the carrier page to see where the parcel is.' },
  { key: 'en-cancel', category: 'orders', language: 'en', title: 'Cancel an order', tags: [], body: 'An order can be cancelled free of charge until it ships. Open the order and press Cancel order; the money is returned automatically.' },
  { key: 'en-invoice', category: 'payments', language: 'en', title: 'Download an invoice', tags: ['billing'], body: 'Each order has an invoice as a PDF in "My orders". Company invoices with a VAT number can be requested before paying.' },
  { key: 'en-2fa', category: 'account', language: 'en', title: 'Turn on two-factor authentication', tags: ['security', '2FA'], body: 'Two-factor authentication asks for a code from your phone at each login. Turn it on under Account, Security.' },
  { key: 'en-card', category: 'payments', language: 'en', title: 'Update your credit card', tags: ['payment method'], body: 'To pay with another credit card, add the new card under Account, Payment methods and make it the default.' },
  { key: 'en-returns', category: 'orders', language: 'en', title: 'Return an item', tags: ['returns'], body: 'Items can be sent back within 30 days. Print the return label from the order page and drop the parcel at any post office.' },
  { key: 'en-delete', category: 'account', language: 'en', title: 'Delete your account', tags: ['privacy'], body: 'Deleting your account removes your profile and order history after 30 days. Open Account, Privacy and choose Delete account.' },
  { key: 'en-email', category: 'account', language: 'en', title: 'Change your email address', tags: ['login'], body: 'Change the email address you log in with under Account, Profile. We confirm the change at both addresses.' },
  { key: 'en-shipping', category: 'orders', language: 'en', title: 'Shipping costs and delivery times', tags: ['shipping'], body: 'Standard shipping takes 2 to 4 working days and is free above 50 euros. Express delivery arrives the next working day.' },
  { key: 'en-warranty', category: 'support', language: 'en', title: 'Warranty for a broken product', tags: ['repair'], body: 'Every product has a two-year warranty. Describe the fault and attach a photo; we repair or replace the item.' },
  { key: 'en-giftcard', category: 'payments', language: 'en', title: 'Redeem a gift card', tags: ['voucher', 'coupon'], body: 'Enter the gift card code at checkout. A gift card can be combined with a credit card payment for the rest.' },
  { key: 'en-hours', category: 'support', language: 'en', title: 'Customer service opening hours', tags: ['contact'], body: 'Our agents answer calls and chats Monday to Friday from 8:00 to 20:00 and on Saturday from 9:00 to 14:00.' },
  { key: 'zh-refund', category: 'payments', language: 'zh', title: '如何申请退款', tags: ['退款'], body: '订单签收后30天内可以申请退款。我们收到退回的商品后，退款将在5个工作日内原路退回到您的支付账户。' },
  { key: 'zh-address', category: 'orders', language: 'zh', title: '修改收货地址', tags: ['配送'], body: '订单发货前，您可以在“我的订单”中修改收货地址。订单发货后，请联系快递公司更改派送地址。' },
  { key: 'zh-invoice', category: 'payments', language: 'zh', title: '如何开具发票', tags: ['发票', '报销'], body: '每个订单都可以开具电子发票。如需增值税专用发票，请在付款前填写公司名称和税号。' },
  { key: 'zh-password', category: 'account', language: 'zh', title: '忘记密码怎么办', tags: ['登录'], body: '在登录页面点击“忘记密码”，我们会向您账号绑定的手机号发送验证码，验证后即可重置密码。' },
  { key: 'zh-tracking', category: 'orders', language: 'zh', title: '查询物流信息', tags: ['快递'], body: '订单发货后，您会收到快递单号。在“我的订单”中点击“查看物流”即可查看包裹的实时位置。' },
  { key: 'zh-cancel', category: 'orders', language: 'zh', title: '取消订单', tags: [], body: '订单发货前可以免费取消。打开订单详情，点击“取消订单”，款项会自动退回。' },
  { key: 'zh-returns', category: 'orders', language: 'zh', title: '退货流程', tags: ['七天无理由'], body: '签收后七天内支持无理由退货。请在订单页面申请退货，打印退货单后将包裹寄回仓库。' },
  { key: 'zh-phone', category: 'account', language: 'zh', title: '更换绑定手机号', tags: ['账号安全'], body: '进入“账号设置”-“安全”，验证原手机号后即可绑定新的手机号。原手机号无法使用时请联系人工客服。' },
  { key: 'zh-points', category: 'payments', language: 'zh', title: '会员积分规则', tags: ['会员'], body: '每消费1元累计1积分，积分可在下单时抵扣现金，100积分抵扣1元。积分有效期为两年。' },
  { key: 'zh-coupon', category: 'payments', language: 'zh', title: '优惠券使用说明', tags: ['优惠'], body: '优惠券在结算页面选择使用，每个订单限用一张。优惠券过期后无法恢复。' },
  { key: 'zh-warranty', category: 'support', language: 'zh', title: '商品保修政策', tags: ['维修'], body: '所有商品享受两年保修。请描述故障并上传照片，我们将为您维修或更换商品。' },
  { key: 'zh-delete', category: 'account', language: 'zh', title: '注销账号', tags: ['隐私'], body: '注销账号后，您的个人信息和订单记录将在30天后删除。请在“账号设置”-“隐私”中申请注销。' },
  { key: 'zh-payfail', category: 'payments', language: 'zh', title: '支付失败怎么办', tags: ['付款'], body: '支付失败时请检查银行卡余额和网络。如果扣款成功但订单显示未支付，款项会在24小时内自动退回。' },
  { key: 'zh-shipping', category: 'orders', language: 'zh', title: '配送时间与运费', tags: ['配送'], body: '普通快递2到4个工作日送达，订单满99元免运费。加急配送次日送达。' },
  { key: 'zh-hours', category: 'support', language: 'zh', title: '人工客服工作时间', tags: ['联系我们'], body: '人工客服工作时间为周一至周五8:00至20:00，周六9:00至14:00。其他时间可以留言。' },
];

/** Creates the categories (one parent "Help" over four) and every article, each published. */
export async function seedKb(t: TestApp, editor: AuthHeaders): Promise<{ articleOf: Map<string, string>; categoryOf: Map<string, string> }> {
  const post = async (url: string, payload: object) => {
    const res = await t.inject({ method: 'POST', url, headers: editor, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
  const help = (await post('/api/kb/categories', { name: 'Help 帮助' })).id as string;
  const categoryOf = new Map<string, string>([['help', help]]);
  const names = { account: 'Account 账号', orders: 'Orders 订单', payments: 'Payments 支付', support: 'Support 售后' };
  for (const [key, name] of Object.entries(names)) categoryOf.set(key, (await post('/api/kb/categories', { name, parentId: help })).id as string);
  const articleOf = new Map<string, string>();
  for (const a of SEED_ARTICLES) {
    const made = await post('/api/kb/articles', { title: a.title, body: a.body, tags: a.tags, language: a.language, categoryId: categoryOf.get(a.category) });
    const id = (made.article as { id: string }).id;
    await post(`/api/kb/articles/${id}/publish`, { version: 1 });
    articleOf.set(a.key, id);
  }
  return { articleOf, categoryOf };
}
