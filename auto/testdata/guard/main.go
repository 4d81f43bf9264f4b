// Command guard uses a logrus whose New the rules do not support.
package main

import (
	"fmt"

	"github.com/sirupsen/logrus"
)

func main() { fmt.Println(logrus.New("guard").Name) }
