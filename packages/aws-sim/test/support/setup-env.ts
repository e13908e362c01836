// Node 20 here; the SDK's "upgrade to Node 22" notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
