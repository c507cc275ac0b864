/**
 * The contact center's shared words, listed once: the stored configuration, the routing engine,
 * the HTTP schemas and the validators all take their lists from here, so a new strategy or
 * medium cannot be known to one of them and refused by another.
 */

/** How a contact reaches the center; a callback is a phone call the agent's phone places. */
export const MEDIA = ['voice', 'chat', 'callback'] as const;
export type Media = (typeof MEDIA)[number];

/** How a queue picks among the agents able to take a contact. */
export const ROUTING_STRATEGIES = [
  'longest_idle',
  'round_robin',
  'fewest_contacts',
  'least_talk_time',
  'ring_all',
  'top_down',
  'random',
  'weighted_random',
] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/**
 * Where a contact goes when it leaves a queue without an agent and no other queue takes it. An
 * admin configures the first three on a queue (plus `queue:<id>`); the engine also knows
 * `message` and `hangup`, which only a closed calendar or a flow chooses.
 */
export const CONFIGURABLE_EXIT_ACTIONS = ['voicemail', 'callback', 'ticket'] as const;
export const CHANNEL_EXIT_ACTIONS = [...CONFIGURABLE_EXIT_ACTIONS, 'message', 'hangup'] as const;
export type ChannelExitAction = (typeof CHANNEL_EXIT_ACTIONS)[number];
/** Every exit action the engine takes: `queue` moves the contact itself, the others are the channel's. */
export const EXIT_ACTIONS = ['queue', ...CHANNEL_EXIT_ACTIONS] as const;
export type ExitActionName = (typeof EXIT_ACTIONS)[number];

/** Customer levels; every one above `standard` may raise a contact's priority in a queue. */
export const CUSTOMER_LEVELS = ['standard', 'silver', 'gold', 'vip'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];
