import { describe, expect, it } from 'vitest'
import { secretLike } from '../../shared/domain/secret-like'

// What a note or question is warned about before it is sent, signed, to a backend or a case's author.

describe('secretLike', () => {
  it('names the shapes secrets take in text typed or pasted by mistake', () => {
    expect(secretLike('http://admin:s3cr3t@127.0.0.1:8787 dev-token')).toBe('a web address with a password in it')
    expect(secretLike('see https://api.example.com/v1/cases?access_token=abc123')).toBe('a web address carrying a key or token')
    expect(secretLike('password: hunter22')).toBe('a password or token')
    expect(secretLike('API key = 9f8e7d6c')).toBe('a password or token')
    expect(secretLike('Authorization: Bearer abcdefghijklmnop1234')).toBe('a bearer token')
    expect(secretLike('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk')).toBe('a private key')
    expect(secretLike('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')).toBe('a signed token (JWT)')
    expect(secretLike('use ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toBe('an access token')
    expect(secretLike('AKIAIOSFODNN7EXAMPLE')).toBe('an access token')
    expect(secretLike('the key is Zx8qP2mL9vR4tY7wK3nB6cD1')).toBe('a long random-looking string, like a key or token')
  })

  it('leaves ordinary questions and notes alone: URLs without credentials, order numbers, IBANs, content hashes', () => {
    for (const text of [
      'Which order number?',
      'Amount is 1,240 EUR, see https://example.com/orders/5522?tab=items',
      'What token did the customer get in the letter?',
      'IBAN DE89370400440532013000, order ORD-2026-000123',
      'hash 9b74c9897bac770ffc029102a200c5de9b74c9897bac770ffc029102a200c5de',
      'ssh://git@example.com/repo.git'
    ]) {
      expect(secretLike(text), text).toBeNull()
    }
  })
})
