//go:build tools

// Package tools pins the Pulumi CLI's main package in this module's go.mod/go.sum, so that
// `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` from this folder builds exactly the pinned release
// (`go install pkg@version` refuses pulumi/pkg: its go.mod has replace directives). See scripts/pulumi-install.mjs.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
