import { describe, expect, it } from 'vitest';
import { escapeHtml, renderEmail } from './smtp.render.js';
import { incidentIdFromReplyAddress, messageIdFor, replyAddressFor, rootMessageId } from './smtp.threading.js';

const config = { secret: 'server-secret-0123456789-0123456789', smtpInboundAddress: 'incidents@vigil.example.org' };
const id = '0b9e2a64-3f1c-4d7e-9a55-6c2f1e8b7d10';

describe('mail threading and reply addresses', () => {
  it('names the incident in every Message-ID and anchors all of them on the incident root', () => {
    expect(rootMessageId('vigil.example.org', id)).toBe(`<incident-${id}@vigil.example.org>`);
    expect(messageIdFor('vigil.example.org', id, 'd1')).toBe(`<${id}.d1@vigil.example.org>`);
    expect(messageIdFor('vigil.example.org', null, 'd1')).toBe('<vigil.d1@vigil.example.org>');
  });

  it('makes an unguessable reply address per incident that only this server reads back', () => {
    const address = replyAddressFor(config, id)!;
    expect(address).toMatch(/^incidents\+[a-z2-7]{42}@vigil\.example\.org$/);
    expect(replyAddressFor(config, id)).toBe(address);
    expect(incidentIdFromReplyAddress(config, address)).toBe(id);
    expect(incidentIdFromReplyAddress(config, `"Ana" <${address.toUpperCase()}>`)).toBe(id);
    expect(incidentIdFromReplyAddress({ ...config, secret: 'another-secret-another-secret-000' }, address)).toBeNull();
    const other = '1b9e2a64-3f1c-4d7e-9a55-6c2f1e8b7d10';
    const forged = address.replace(/\+([a-z2-7]{26})/, `+${replyAddressFor(config, other)!.slice(10, 36)}`);
    expect(incidentIdFromReplyAddress(config, forged)).toBeNull();
    expect(incidentIdFromReplyAddress(config, 'incidents@vigil.example.org')).toBeNull();
    expect(replyAddressFor({ ...config, smtpInboundAddress: undefined }, id)).toBeNull();
  });
});

describe('email rendering', () => {
  it('escapes every dynamic text in the HTML and links only http(s) URLs', () => {
    const mail = renderEmail(
      {
        subject: 'S <b>',
        headline: '<img src=x onerror=alert(1)>',
        intro: 'intro & more',
        body: '"quoted" \'single\'\n<script>x</script>',
        facts: [{ label: '<l>', value: '<v>' }],
        actions: [
          { label: 'Open <it>', url: 'https://vigil.example.org/incidents/INC-1?a=1&b="2"', primary: true },
          { label: 'Bad', url: 'javascript:alert(1)', primary: false },
        ],
        incident: { id, number: 'INC-1', title: '<title>', url: 'https://vigil.example.org/incidents/INC-1' },
        automatic: true,
        tone: 'danger',
        footer: 'f',
      },
      'en',
    );
    expect(mail.html).not.toMatch(/<img|<script|<b>|<l>|<v>|<it>|<title>[^<]*<\/title>.*<title>/s);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('href="https://vigil.example.org/incidents/INC-1?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.text).toContain('<script>x</script>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
