package web_test

import (
	"fmt"
	"io/fs"
	"log"
	"strings"

	"github.com/landrelease/clearance/examples/server/web"
)

// Example lists what the page embeds: maplibre-gl's version and licence
// beside the page's own files.
func Example() {
	v, err := fs.ReadFile(web.FS, "static/maplibre-gl.VERSION")
	if err != nil {
		log.Fatal(err)
	}
	lic, err := fs.ReadFile(web.FS, "static/maplibre-gl.LICENSE.txt")
	if err != nil {
		log.Fatal(err)
	}
	_, err = fs.Stat(web.FS, "index.html")
	fmt.Println("maplibre-gl", strings.TrimSpace(string(v)), strings.Contains(string(lic), "Copyright"), err == nil)
	// Output: maplibre-gl 5.24.1 true true
}
