// Realistic prompt text and likes for the bench's bulk-loaded table (issue 11's search
// figures need words with a real spread, not a handful repeated): prompts assembled the
// way people write them — adjective, subject, a made-up name, an action, a setting, a
// style, "by <artist>", a light — each part picked with a skewed (Zipf-like) choice, so a
// few words are common and most are rare; made-up names of three syllables add a long
// tail of ~27,000 distinct words. 70 % of rows have an optimized prompt (the typed one
// plus detail phrases, a camera term and quality tags). "lighthouse" is the subject of
// exactly 5 % of rows (the search figure's common word). 60 % are public, independently
// of the text. Likes follow a power law: P(likes >= k) = (k + 1)^-1.3, so ~60 % have none,
// 1 % more than 30, and a few thousands. Everything is a hash of the row number
// (hashint8extended), so every run loads the same table.
//
// A SELECT of (g, original, better, is_public, likes) for g in 1..$1.
export const REALISTIC_ROWS_SQL = `
WITH v AS (
  SELECT
   array['portrait of a woman','cat','dragon','astronaut','robot','samurai','city skyline','forest','castle','wolf','owl','fox','knight',
     'mermaid','cyberpunk street','spaceship','mountain landscape','old man','little girl','witch','wizard','tiger','horse','whale',
     'jellyfish','butterfly','flower field','treehouse','library','cathedral','temple','village','harbor','train station','diner',
     'greenhouse','koi pond','desert caravan','space station','jazz band','mountain lake','steam train','market stall','castle ruin',
     'sleeping cat','sailing ship','neon diner','wind turbine','red panda','polar bear','hummingbird','octopus','phoenix','unicorn',
     'giant tortoise','elephant','lion','deer','rabbit','hedgehog','raccoon','penguin','frog','snail','beetle','bonsai tree','waterfall',
     'volcano','glacier','canyon','island','coral reef','underwater city','floating island','clockwork automaton','steampunk airship',
     'haunted house','abandoned factory','subway car','rooftop garden','bakery','bookshop','tea house','lantern festival','carnival',
     'chess player','violinist','ballet dancer','street musician','fisherman','blacksmith','alchemist','monk','pirate captain',
     'detective','cowboy','viking warrior','geisha','pharaoh','queen','king','child with a balloon','bicycle','vintage car','motorcycle',
     'beekeeper','paper boat','snowy owl','red fox','old dragon','forest cabin','glass greenhouse'] AS subj,
   array['ancient','tiny','giant','glowing','mysterious','majestic','cute','ethereal','ornate','weathered','futuristic','colorful',
     'melancholic','whimsical','serene','ominous','elegant','rustic','crystal','golden','silver','rusty','overgrown','frozen','burning',
     'floating','mechanical','lonely','cheerful','sleepy','fierce','gentle','enormous','miniature','translucent','iridescent',
     'shadowy','radiant','forgotten','sacred','vintage','neon','holographic','porcelain','wooden','marble','velvet','feathered'] AS adj,
   array['reading a book','drinking tea','flying over the sea','walking in the rain','playing the piano','sleeping on a cloud',
     'dancing under the stars','looking at the horizon','fighting a storm','guarding a treasure','exploring ruins','riding a bicycle',
     'painting a mural','watching the sunset','hiding in the grass','climbing a tower','swimming with fish','casting a spell',
     'holding a lantern','sitting by the fire','running through a field','singing to the moon','building a robot','fishing at dawn'] AS act,
   array['at dusk','in the rain','under the stars','at sunrise','in thick fog','in autumn','in winter snow','at noon','by candlelight',
     'in a storm','in spring bloom','at twilight','under a full moon','in golden hour','in mist','on a rainy night in tokyo',
     'in a misty forest','on mars','in a busy market','at the edge of the world','in an enchanted garden','on a quiet beach',
     'inside a crystal cave','above the clouds','in a snowy village','on a neon lit street','in a sunflower field','at the bottom of the ocean',
     'in a cozy kitchen','in a victorian mansion','in the desert','in a bamboo forest','on an alien planet','in a dark alley'] AS sett,
   array['digital art','oil painting','watercolor','studio ghibli style','anime','concept art','pixel art','3d render','unreal engine',
     'photorealistic','cinematic','low poly','ukiyo-e','art nouveau','baroque','impressionism','synthwave','vaporwave','charcoal sketch',
     'pencil drawing','matte painting','isometric','claymation','stained glass','papercut','line art','comic book style','dark fantasy',
     'surrealism','minimalist','retro poster','gouache','linocut','infrared photography','tilt-shift','double exposure'] AS sty,
   array['greg rutkowski','alphonse mucha','hayao miyazaki','moebius','james gurney','simon stalenhag','beeple','artgerm',
     'makoto shinkai','zdzislaw beksinski','ivan aivazovsky','claude monet','vincent van gogh','hokusai','john singer sargent',
     'wlop','loish','ross tran','craig mullins','syd mead','h r giger','rembrandt','caravaggio','edward hopper','norman rockwell'] AS art,
   array['volumetric light','soft lighting','rim light','god rays','neon glow','dramatic lighting','backlit','moody lighting',
     'bioluminescent','warm light','cold blue light','studio lighting','chiaroscuro','golden hour light','overcast light','candle light'] AS lit,
   array['35mm photograph','85mm lens','wide angle','macro shot','aerial view','bokeh','shallow depth of field','fisheye','long exposure',
     'polaroid','kodak portra 400','cinestill 800t','f/1.8','close-up','full body shot','symmetrical composition'] AS cam,
   array['highly detailed','intricate details','8k','4k','masterpiece','trending on artstation','sharp focus','award winning',
     'hyperrealistic','ultra detailed','octane render','high resolution','best quality','elegant composition','smooth gradients'] AS qual,
   array['with delicate reflections in puddles','surrounded by drifting petals','with swirling clouds in the background',
     'with tiny glowing particles in the air','framed by arching branches','with rich textures and fine brushwork',
     'with a sense of quiet wonder','under a sky full of auroras','with steam rising from the ground','with long dramatic shadows',
     'with muted earthy tones','in a palette of teal and orange','with crumbling stone and moss','with lanterns reflecting on water',
     'with soft pastel colors','with deep contrast and rich blacks','with weathered surfaces and patina','with flowing fabric and wind',
     'with ornate gold filigree','with a vast empty sky','with scattered autumn leaves','with distant mountains fading into haze',
     'with birds circling overhead','with a winding path leading into the distance','with frost on every surface',
     'with warm window light spilling out','with a storm gathering on the horizon','with crisp morning air'] AS det,
   array['ka','lo','mi','ra','zen','tor','vel','ish','an','dri','ol','ne','sar','qu','thi','mar','bel','gor','ein','ys','ul','pha',
     'ro','tek','lin','dar','ve','os','cal','fen'] AS syl
), r AS (
  SELECT g, v.*, array(SELECT (hashint8extended(g::bigint, k) & 9007199254740991)::float8 / 9007199254740992 FROM generate_series(1, 25) k) AS u
  FROM generate_series(1, $1::int) g, v
), p AS (
  SELECT g, u, det, cam, qual,
    concat_ws(' ',
      CASE WHEN u[2] < 0.7 THEN adj[1 + floor(cardinality(adj) * power(u[3], 1.5))::int] END,
      CASE WHEN u[1] < 0.05 THEN 'lighthouse' ELSE subj[1 + floor(cardinality(subj) * power(u[4], 1.8))::int] END,
      CASE WHEN u[5] < 0.25 THEN 'named ' || initcap(syl[1 + floor(30 * u[6])::int] || syl[1 + floor(30 * u[7])::int] || syl[1 + floor(30 * u[8])::int]) END,
      CASE WHEN u[9] < 0.4 THEN act[1 + floor(cardinality(act) * power(u[10], 1.5))::int] END,
      CASE WHEN u[11] < 0.75 THEN sett[1 + floor(cardinality(sett) * power(u[12], 1.5))::int] END)
    || CASE WHEN u[13] < 0.6 THEN ', ' || sty[1 + floor(cardinality(sty) * power(u[14], 1.7))::int] ELSE '' END
    || CASE WHEN u[15] < 0.3 THEN ', by ' || art[1 + floor(cardinality(art) * power(u[16], 1.7))::int] ELSE '' END
    || CASE WHEN u[17] < 0.5 THEN ', ' || lit[1 + floor(cardinality(lit) * power(u[18], 1.5))::int] ELSE '' END AS original
  FROM r
)
SELECT g, original,
  CASE WHEN u[19] < 0.7 THEN original || ', ' || det[1 + floor(cardinality(det) * u[20])::int] || ', ' || det[1 + floor(cardinality(det) * u[21])::int]
    || ', ' || cam[1 + floor(cardinality(cam) * u[22])::int] || ', ' || qual[1 + floor(cardinality(qual) * power(u[23], 1.5))::int]
    || ', ' || qual[1 + floor(cardinality(qual) * u[24])::int] END AS better,
  u[25] < 0.6 AS is_public,
  least(50000, floor(power((hashint8extended(g::bigint, 99) & 9007199254740991)::float8 / 9007199254740992 + 1e-9, -1 / 1.3)) - 1)::int AS likes
FROM p
`;
