/** The webhook URL rule (form and main alike), the create schema, and secrets kept out of logs. */
import { describe, expect, it } from 'vitest';
import { commands, createWebhookSchema, WEBHOOK_EVENT_GROUPS, WEBHOOK_EVENTS, webhookUrlProblem } from '../../../main/contract';
import { redactSecrets } from '../../../main/kernel/redact';

describe('webhook URLs', () => {
  it('accepts absolute https:// URLs', () => {
    expect(webhookUrlProblem('https://hooks.example.com/videogen')).toBeNull();
    expect(webhookUrlProblem('  https://127.0.0.1:8443/x?y=1  ')).toBeNull();
  });
  it('explains each refusal', () => {
    expect(webhookUrlProblem('')).toBe('Enter the URL that should receive the events.');
    expect(webhookUrlProblem('http://hooks.example.com')).toBe('VideoGen only sends webhooks over HTTPS: use an https:// URL.');
    expect(webhookUrlProblem('hooks.example.com/videogen')).toBe('“hooks.example.com/videogen” isn’t a valid URL. Write it in full, starting with https://');
    expect(webhookUrlProblem('ftp://hooks.example.com')).toBe('VideoGen only sends webhooks to https:// URLs, not ftp:');
    expect(webhookUrlProblem(`https://a.example/${'x'.repeat(2100)}`)).toBe('The URL is longer than 2048 characters.');
  });
});

describe('webhooks.create input', () => {
  const base = { url: 'https://hooks.example.com', events: ['tool_execution.succeeded'] };
  it('is the schema the router checks', () => {
    expect(commands['webhooks.create'].input).toBe(createWebhookSchema);
  });
  it('takes the spec’s events, each once, at least one', () => {
    expect(createWebhookSchema.safeParse(base).success).toBe(true);
    expect(createWebhookSchema.safeParse({ ...base, events: [...WEBHOOK_EVENTS] }).success).toBe(true);
    expect(createWebhookSchema.safeParse({ ...base, events: [] }).success).toBe(false);
    expect(createWebhookSchema.safeParse({ ...base, events: ['tool_execution.succeeded', 'tool_execution.succeeded'] }).success).toBe(false);
    expect(createWebhookSchema.safeParse({ ...base, events: ['file.deleted'] }).success).toBe(false);
  });
  it('refuses http://, extra fields and over-long descriptions', () => {
    expect(createWebhookSchema.safeParse({ ...base, url: 'http://hooks.example.com' }).success).toBe(false);
    expect(createWebhookSchema.safeParse({ ...base, secret: 'x' }).success).toBe(false);
    expect(createWebhookSchema.safeParse({ ...base, description: 'd'.repeat(501) }).success).toBe(false);
    expect(createWebhookSchema.parse({ ...base, url: ' https://hooks.example.com ' }).url).toBe('https://hooks.example.com');
  });
  it('offers every event of the spec exactly once in the form', () => {
    expect(WEBHOOK_EVENT_GROUPS.flatMap((g) => g.events.map((e) => e.name)).sort()).toEqual([...WEBHOOK_EVENTS].sort());
  });
});

describe('signing secrets in logs', () => {
  it('are masked in both shapes', () => {
    const line = redactSecrets('created {"endpointId":"ep_1","signingSecret":"a1b2c3d4e5f67890abcdef1234567890"} whsec_QUJDREVGR0hJSktMTU5PUA==');
    expect(line).not.toContain('a1b2c3d4e5f67890abcdef1234567890');
    expect(line).not.toContain('QUJDREVGR0hJSktMTU5PUA');
    expect(line).toContain('"endpointId":"ep_1"');
  });
});
