module github.com/logspan/logspan/logrusspan

go 1.26.0

require (
	github.com/logspan/logspan v0.0.0
	github.com/sirupsen/logrus v1.10.2
	github.com/stretchr/testify v1.12.1
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
)

replace github.com/logspan/logspan => ../
