package io.parley.platform.security;

/** The kind of organisation a person belongs to; carried in the access token as {@code org_type}. */
public enum OrganisationType {
	HOST, VENDOR, GOVERNMENT
}
