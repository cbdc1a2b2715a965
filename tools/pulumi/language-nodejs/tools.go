//go:build tools

// Package tools pins the Node.js language host. Its own module (github.com/pulumi/pulumi/sdk/nodejs/cmd/
// pulumi-language-nodejs/v3, v3.69.0 onwards) is refused by the Go module proxy this project builds from
// (HTTP 403 "This module version is not available."), so this is the last release that shipped the host as a
// package of sdk/v3 (v3.68.0); it speaks the language-host protocol CLI v3.276 uses for preview/up/refresh/
// destroy and policy packs (checked by test/e2e). Separate module: sdk/v3 must stay at v3.68.0 here, while the
// CLI module needs v3.276.0.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
