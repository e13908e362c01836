import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { AwsError } from '../../../src/aws/errors';
import { toAwsError } from '../../../src/aws/error-mapping';
import { scopeOf } from '../../../src/aws/scope';

const scope = scopeOf('210987654321', 'us-east-1');
const ctx = { scope, operation: 'ec2:DescribeInstances' };

/** An error shaped as the SDK throws it for a modeled AWS error. */
function awsError(name: string, status: number, message = `${name} happened`) {
  return new EC2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, requestId: 'req-1' }, message });
}

const mapped = (err: unknown) => toAwsError(err, ctx) as AwsError;

describe('AWS error mapping', () => {
  it.each([
    ['InvalidInstanceID.NotFound', 400, 'NOT_FOUND'],
    ['InvalidAMIID.Malformed', 400, 'BAD_USER_INPUT'],
    ['RequestLimitExceeded', 503, 'AWS_THROTTLED'],
    ['ThrottlingException', 400, 'AWS_THROTTLED'],
    ['UnauthorizedOperation', 403, 'FORBIDDEN'],
    ['AuthFailure', 401, 'FORBIDDEN'],
    ['IdempotentParameterMismatch', 400, 'CONFLICT'],
    ['InternalError', 500, 'AWS_UNAVAILABLE'],
    ['SomethingNew', 503, 'AWS_UNAVAILABLE'],
    ['SomethingNew', 400, 'AWS_ERROR'],
    ['UnrecognizedClientException', 400, 'AWS_CREDENTIALS'],
    ['InvalidClientTokenId', 403, 'AWS_CREDENTIALS'],
    ['ExpiredToken', 400, 'AWS_CREDENTIALS'],
    ['RequestExpired', 400, 'AWS_CREDENTIALS'],
    ['SignatureDoesNotMatch', 403, 'AWS_CREDENTIALS'],
  ])('%s (%i) → %s, keeping AWS code, request id, status and scope', (name, status, code) => {
    const e = mapped(awsError(name, status));
    expect(e).toBeInstanceOf(AwsError);
    expect(e).toMatchObject({ code, awsCode: name, requestId: 'req-1', httpStatus: status, scope, operation: 'ec2:DescribeInstances' });
    expect(e.toExtensions()).toEqual({ code, awsCode: name, requestId: 'req-1', httpStatus: status, accountId: scope.accountId, region: scope.region });
  });

  it('an answer that is not AWS\'s (a proxy\'s HTML 502, an unparsable body) is judged by its HTTP status', () => {
    // What the SDK throws for an HTML 502 (EC2/STS: name "Unknown"; SSM: a SyntaxError with $metadata).
    const ec2Html = Object.assign(new EC2ServiceException({ name: 'Unknown', $fault: 'server', $metadata: { httpStatusCode: 502 }, message: 'Unknown' }));
    const ssmHtml = Object.assign(new SyntaxError('Unexpected token \'<\', "<html><bod"... is not valid JSON'), { $metadata: { httpStatusCode: 502 } });
    for (const err of [ec2Html, ssmHtml]) {
      const e = mapped(err);
      expect(e).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'HTTP502', httpStatus: 502 });
      expect(e.message).toBe('ec2:DescribeInstances: the endpoint answered HTTP 502 without an AWS error body (a proxy or load balancer in the way?)');
    }
    expect(mapped(Object.assign(new Error('xml parse'), { $metadata: { httpStatusCode: 429 } }))).toMatchObject({ code: 'AWS_THROTTLED', awsCode: 'HTTP429' });
    expect(mapped(Object.assign(new Error('xml parse'), { $metadata: { httpStatusCode: 404 } }))).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'HTTP404' });
  });

  it('missing credentials are AWS_CREDENTIALS with a message that says what to fix', () => {
    const err = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });
    const e = mapped(err);
    expect(e).toMatchObject({ code: 'AWS_CREDENTIALS', awsCode: 'CredentialsProviderError' });
    expect(e.message).toBe('ec2:DescribeInstances: no AWS credentials found (environment, shared config/profile, SSO, container or instance role)');
  });

  it('transport failures, raw or wrapped, are AWS_UNAVAILABLE; our own bugs pass through untouched', () => {
    expect(mapped(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'ECONNREFUSED' });
    expect(mapped(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: { attempts: 1 } }))).toMatchObject({ code: 'AWS_UNAVAILABLE' });
    expect(mapped(new Error('AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND ec2.nowhere'))).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'ENOTFOUND' });
    const bug = new TypeError('x is not a function');
    expect(toAwsError(bug, ctx)).toBe(bug);
  });
});
