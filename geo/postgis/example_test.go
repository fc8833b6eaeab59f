package postgis_test

import (
	"fmt"

	"github.com/landrelease/clearance/geo/postgis"
)

// A layer URL is a connection URL with table= or query=, which Parse takes
// off; String shows it without the password.
func ExampleParse() {
	s, err := postgis.Parse("postgres://ana:secret@db.example.org:5432/imsma?table=survey.hazards&sslmode=require", "")
	fmt.Println(s.Schema, s.Table, err)
	fmt.Println(s.Conn)
	fmt.Println(s)
	// Output:
	// survey hazards <nil>
	// postgres://ana:secret@db.example.org:5432/imsma?sslmode=require
	// postgres://ana@db.example.org:5432/imsma?sslmode=require&table=survey.hazards
}
